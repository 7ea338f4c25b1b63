import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { outputPathProblem } from './safe-path.js';

/** Name of the file, inside the output folder, that lists the files Slipway manages. */
export const MANIFEST_FILE = '.slipway-manifest.json';

/** Managed files and the hash of what was written, keyed by relative path. */
export type Manifest = Readonly<Record<string, string>>;

/** A manifest as read from disk: the entries Slipway may act on, and the ones it refuses. */
export interface LoadedManifest {
  readonly entries: Manifest;
  /** Entries naming a path Slipway never writes (outside the folder, `.env`…): never touched. */
  readonly ignored: readonly { path: string; reason: string }[];
}

/** The manifest is not what synth writes: unreadable JSON or the wrong shape. */
export class ManifestError extends Error {
  constructor(outdir: string, why: string) {
    const shown = join(basename(outdir), MANIFEST_FILE);
    super(
      `${shown} is corrupt (${why}), so synth cannot tell which files it owns. ` +
        `Fix: restore it (git checkout -- ${shown}), or delete it and move aside the files synth then reports as in the way.`,
    );
    this.name = 'ManifestError';
  }
}

export function hashContent(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads the manifest of an output folder; empty when there is none yet. */
export function readManifest(outdir: string): Manifest {
  return loadManifest(outdir).entries;
}

/**
 * Reads and validates the manifest. It is input like any other file: an entry is acted on only
 * if it names a path synth could have written (inside the folder, not a secrets file), so an
 * edited manifest cannot make synth delete or replace files it does not own.
 */
export function loadManifest(outdir: string): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(join(outdir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: {}, ignored: [] };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ManifestError(outdir, 'not valid JSON');
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    throw new ManifestError(outdir, 'no "files" object');
  }
  const entries: Record<string, string> = {};
  const ignored: { path: string; reason: string }[] = [];
  for (const [path, hash] of Object.entries(files)) {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new ManifestError(outdir, `the hash of "${path}" is not a SHA-256`);
    const problem = path === MANIFEST_FILE ? 'is the manifest itself' : outputPathProblem(path);
    if (problem) ignored.push({ path, reason: problem });
    else entries[path] = hash;
  }
  return { entries, ignored };
}

/** Renders a manifest deterministically (sorted keys, no timestamps). */
export function renderManifest(files: ReadonlyArray<{ path: string; content: string }>): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  const entries = Object.fromEntries(sorted.map((f) => [f.path, hashContent(f.content)]));
  return `${JSON.stringify({ generator: 'slipway', note: 'Files Slipway manages here. Do not edit.', files: entries }, null, 2)}\n`;
}
