import { relative } from 'node:path';

/** Errors of the environment (disk, permissions), told as one line with the fix; not a stack trace. */
const WHY: Record<string, { what: string; fix: string }> = {
  ENOSPC: { what: 'the disk is full', fix: 'free some space, then run synth again' },
  EDQUOT: { what: 'the disk quota is exhausted', fix: 'free some space, then run synth again' },
  EROFS: { what: 'the file system is read-only', fix: 'write to a writable folder (`--out DIR`) or remount it read-write' },
  EACCES: { what: 'permission denied', fix: 'make the folder writable by this user, or write elsewhere with `--out DIR`' },
  EPERM: { what: 'operation not permitted (immutable or owned by someone else)', fix: 'make the folder writable by this user, or write elsewhere with `--out DIR`' },
  ENOTDIR: { what: 'a file is where a folder should be', fix: 'move that file away, or write elsewhere with `--out DIR`' },
  EISDIR: { what: 'a folder is where a file should be', fix: 'move that folder away, then run synth again' },
  EEXIST: { what: 'something is already where a folder should be', fix: 'move it away, then run synth again' },
  EXDEV: { what: 'the output folder is a mount point, and synth stages its files beside it', fix: 'write to a folder inside the mount (`--out mount/deploy`)' },
  EIO: { what: 'an input/output error of the disk', fix: 'check the disk, then run synth again' },
  EMFILE: { what: 'too many open files', fix: 'raise the limit (ulimit -n), then run synth again' },
};

/** One line for a file-system error, or undefined when it is not one. */
export function describeFsError(error: unknown, outdir: string): string | undefined {
  const e = error as NodeJS.ErrnoException;
  const why = e && typeof e.code === 'string' ? WHY[e.code] : undefined;
  if (!why) return undefined;
  const at = e.path ? ` at ${relative(process.cwd(), e.path) || '.'}` : '';
  const shown = relative(process.cwd(), outdir) || '.';
  return `cannot write ${shown}/: ${why.what} (${e.code}${at}); the folder was left as it was. Fix: ${why.fix}.`;
}
