import { posix } from 'node:path';

/**
 * Output paths are confined to the output folder: relative, `/`-separated, normalized, with no
 * `..`. A file that belongs elsewhere (a Dockerfile beside the sources) is referenced from the
 * output folder instead: Compose reads a Dockerfile from any path, the build context stays put.
 */
export function outputPathProblem(path: string): string | undefined {
  if (path === '' || path.includes('\0')) return 'is empty or contains a NUL character';
  if (path.includes('\\')) return 'contains "\\"; use "/" as the separator';
  if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'is absolute';
  const parts = path.split('/');
  if (parts.includes('..')) return 'leaves the output folder ("..")';
  if (parts.some((p) => p === '' || p === '.') || posix.normalize(path) !== path) return 'is not normalized';
  if (isSecretFileName(path)) return 'is a real secrets file name (.env), which Slipway never writes';
  return undefined;
}

/**
 * `.env`, `.env.production`… hold real secrets and belong to the operator, never to Slipway;
 * templates such as `.env.example` are fine.
 */
export function isSecretFileName(path: string): boolean {
  const name = posix.basename(path);
  return /^\.env(\..+)?$/.test(name) && !/\.(example|sample|template|dist)$/.test(name);
}
