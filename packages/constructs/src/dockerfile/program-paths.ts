import { activeSession } from '@slipway/core';
import { dirname, resolve } from 'node:path';

/**
 * Folder of the program (`infra.ts`): paths users write in props are relative to it. The `synth`
 * CLI's session says where it is; a program run directly uses its own file's folder.
 */
export function programDir(): string {
  const session = activeSession();
  return session?.baseDir ?? (process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd());
}

/** Absolute path of `path`, read relative to the program's folder (absolute paths stay as they are). */
export function fromProgram(path: string): string {
  return resolve(programDir(), path);
}
