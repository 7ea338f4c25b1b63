import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../pid.js';

/**
 * Where the bundled program is written to be imported: a private folder under the system's temp
 * folder, never beside infra.ts (which may be read-only, and should not collect files). Each file
 * is removed right after the import; files left by killed processes are removed by the next run.
 */
export function programModulePath(generation: number): string {
  const dir = privateDir();
  sweepDead(dir);
  return join(dir, `program-${process.pid}-${generation}.mjs`);
}

export function writeProgramModule(path: string, code: string): void {
  writeFileSync(path, code, { flag: 'wx', mode: 0o600 }); // wx: never follow a planted file
}

export function removeProgramModule(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Earlier versions wrote the module beside infra.ts (`.infra.ts.slipway-<pid>-<n>.mjs`), and a
 * killed run left it there: remove those of dead processes (quietly: the folder may be read-only).
 */
export function sweepLegacyModules(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const pid = Number(/^\..+\.slipway-(\d+)-\d+\.mjs$/.exec(name)?.[1]);
      if (pid && pid !== process.pid && !isAlive(pid)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // not ours to insist on
  }
}

let cached: string | undefined;

/** `$TMPDIR/slipway-<uid>`, if it is ours and private; otherwise a fresh folder of our own. */
function privateDir(): string {
  if (cached) return cached;
  const uid = process.getuid?.() ?? 0;
  const dir = join(tmpdir(), `slipway-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // exists already: checked below
  }
  const st = lstatSync(dir, { throwIfNoEntry: false });
  const usable = st?.isDirectory() && (process.getuid === undefined || st.uid === uid) && (st.mode & 0o077) === 0;
  cached = usable ? dir : mkdtempSync(join(tmpdir(), 'slipway-'));
  return cached;
}

function sweepDead(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/^program-(\d+)-\d+\.mjs$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}
