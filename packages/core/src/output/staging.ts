import { basename, dirname, join } from 'node:path';
import { applyJournal, finishJournal, readJournal } from './journal.js';
import type { WriterFs } from './writer-fs.js';
import { isAlive } from '../pid.js';

/** The staging folder of this process, a sibling of the output folder (same file system, so renames work). */
export function stagingDir(outdir: string, pid = process.pid): string {
  return join(dirname(outdir), `.${basename(outdir)}.slipway-staging-${pid}`);
}

/**
 * Finishes or cleans up the writes of synths that died (kill -9, power loss) before anything
 * else reads the folder: a staging folder with a journal is a commit to complete, one without is
 * a write that never started. Staging folders of live processes are left to them; our own pid
 * counts as dead (a container often gives every run the same pid). Returns the pids recovered.
 */
export function recoverInterrupted(outdir: string, fs: WriterFs): number[] {
  const prefix = `.${basename(outdir)}.slipway-staging-`;
  let names: string[];
  try {
    names = fs.readdirSync(dirname(outdir));
  } catch {
    return [];
  }
  const finished: number[] = [];
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || (pid !== process.pid && isAlive(pid))) continue;
    const staging = join(dirname(outdir), name);
    const journal = readJournal(fs, staging);
    if (journal) {
      applyJournal(fs, outdir, staging, journal);
      finishJournal(fs, outdir, staging, journal);
      finished.push(pid);
    } else {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return finished;
}
