import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../_support/workspace.js';
import { renderReport, resetReport } from './report.js';

const ENGINE = join(ROOT, 'scripts/engine/engine.sh');
/** One engine per machine: a second engine run (another checkout, a second terminal) waits here. */
export const ENGINE_LOCK = `${process.env.SLIPWAY_ENGINE_DIR ?? '/var/cache/slipway-engine'}.lock`;
const LOCK_WAIT_MS = 90 * 60_000;

let holder: ChildProcess | undefined;
/** True once this run holds the lock: only then is the engine this run's to stop. */
let locked = false;

/** Holds an exclusive flock for as long as this process lives: `cat` ends when our stdin pipe closes. */
function acquireLock(): Promise<void> {
  return new Promise((resolve, reject) => {
    holder = spawn('flock', ['-x', '-w', String(LOCK_WAIT_MS / 1000), ENGINE_LOCK, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const waiting = setTimeout(() => process.stdout.write(`waiting for the engine lock ${ENGINE_LOCK} (another engine run holds it)\n`), 2000);
    holder.stdout!.once('data', () => { clearTimeout(waiting); locked = true; resolve(); });
    holder.once('exit', (code) => { clearTimeout(waiting); reject(new Error(`could not take the engine lock ${ENGINE_LOCK} (flock exit ${code})`)); });
  });
}

/**
 * Takes the engine lock, brings the private engine up (install, dockerd, stand-in images; fast
 * when warm) before the engine tests, and stops it by its pid afterwards, also when tests failed.
 * The closing table is printed last.
 */
export async function setup(): Promise<void> {
  resetReport();
  await acquireLock();
  const r = spawnSync('bash', [ENGINE, 'up'], { stdio: 'inherit', timeout: 30 * 60_000 });
  if (r.status !== 0) throw new Error(`scripts/engine/engine.sh up failed (exit ${r.status}): the engine suite cannot run`);
}

export function teardown(): void {
  // A run that never got the lock (killed or timed out while waiting) must not stop the engine
  // of the run that holds it.
  if (locked) spawnSync('bash', [ENGINE, 'stop'], { stdio: 'inherit', timeout: 120_000 });
  holder?.stdin?.end();
  process.stdout.write(`\nReal-engine results\n${renderReport()}\n`);
}
