import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../_support/workspace.js';

/** The example's folder; tests read its committed output. */
export const EXAMPLE = join(ROOT, 'examples/ai-ko');
/** The placeholder domain of the example. */
export const DOMAIN = 'ai-ko.example.com';

/** A committed file of the example, by path relative to its folder. */
export function read(path: string): string {
  return readFileSync(join(EXAMPLE, path), 'utf8');
}

/** True when a program is on PATH. */
export function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}
