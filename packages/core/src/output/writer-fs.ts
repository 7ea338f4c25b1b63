import * as nodeFs from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { withCrashHook } from './crash-hook.js';

/** The file-system calls the writer makes; tests replace them to inject failures. */
export interface WriterFs {
  writeFileSync(path: string, data: string, options: { mode: number }): void;
  chmodSync(path: string, mode: number): void;
  renameSync(from: string, to: string): void;
  mkdirSync(path: string, options?: { recursive: true }): unknown;
  rmSync(path: string, options: { recursive: true; force: true }): void;
  rmdirSync(path: string): void;
  existsSync(path: string): boolean;
  readFileSync(path: string): Buffer;
  statSync(path: string): { mode: number };
  readdirSync(path: string): string[];
  realpathSync(path: string): string;
  openSync(path: string, flags: string): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
}

/** Node's file system (with the crash test hook when its variable is set). */
export function defaultWriterFs(): WriterFs {
  return withCrashHook(nodeFs);
}

/** Flushes a file or a folder (its entries: renames, creations) to the disk. */
export function syncPath(fs: WriterFs, path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file and flushes it, so a rename that publishes it never exposes a partial file. */
export function writeDurably(fs: WriterFs, path: string, content: string, mode: number): void {
  fs.writeFileSync(path, content, { mode });
  fs.chmodSync(path, mode); // the umask may have narrowed the mode
  syncPath(fs, path);
}

/** True when `rel` would leave `outdir` through a symbolic link to a folder elsewhere. */
export function leavesThroughLink(fs: WriterFs, outdir: string, rel: string): boolean {
  if (!fs.existsSync(outdir)) return false;
  const root = fs.realpathSync(outdir);
  let dir = dirname(join(outdir, rel));
  while (dir !== outdir && !fs.existsSync(dir)) dir = dirname(dir);
  const real = fs.realpathSync(dir);
  return real !== root && !real.startsWith(root + sep);
}
