import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../_support/workspace.js';
import { renderReport, resetReport } from './report.js';

const ENGINE = join(ROOT, 'scripts/engine/engine.sh');

/**
 * Brings the private engine up (install, dockerd, stand-in images; fast when warm) before the
 * engine tests, and stops it by its pid afterwards, also when tests failed. The closing table is
 * printed last.
 */
export function setup(): void {
  resetReport();
  const r = spawnSync('bash', [ENGINE, 'up'], { stdio: 'inherit', timeout: 30 * 60_000 });
  if (r.status !== 0) throw new Error(`scripts/engine/engine.sh up failed (exit ${r.status}): the engine suite cannot run`);
}

export function teardown(): void {
  spawnSync('bash', [ENGINE, 'stop'], { stdio: 'inherit', timeout: 120_000 });
  process.stdout.write(`\nReal-engine results\n${renderReport()}\n`);
}
