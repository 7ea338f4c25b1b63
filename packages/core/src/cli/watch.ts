import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CliIO } from './report.js';

type Run = () => Promise<{ code: number; imports: string[] }>;

/**
 * Runs the program, then again whenever one of the files it loaded changes, until interrupted.
 * Watches folders rather than files: editors often replace a file instead of writing it.
 */
export async function watchProgram(run: Run, io: CliIO): Promise<number> {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;

  const arm = (files: readonly string[]) => {
    for (const w of watchers) w.close();
    const wanted = new Set(files);
    const dirs = [...new Set(files.map((f) => dirname(f)))];
    watchers = dirs.map((dir) =>
      watch(dir, (_event, name) => {
        if (name && wanted.has(join(dir, name.toString()))) schedule();
      }),
    );
    io.out(`Watching ${files.length} file${files.length === 1 ? '' : 's'} for changes (Ctrl-C to stop).`);
  };
  const cycle = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const { imports } = await run();
    running = false;
    arm(imports);
    if (again) {
      again = false;
      schedule();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void cycle(), 100);
  };

  await cycle();
  return new Promise((done) => {
    const stop = () => {
      for (const w of watchers) w.close();
      clearTimeout(timer);
      done(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
