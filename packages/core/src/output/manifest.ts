import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the file, inside the output folder, that lists the files Slipway manages. */
export const MANIFEST_FILE = '.slipway-manifest.json';

/** Managed files and the hash of what was written, keyed by relative path. */
export type Manifest = Readonly<Record<string, string>>;

export function hashContent(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads the manifest of an output folder; empty when there is none yet. */
export function readManifest(outdir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(outdir, MANIFEST_FILE), 'utf8');
  } catch {
    return {};
  }
  const parsed = JSON.parse(text) as { files?: Record<string, string> };
  return parsed.files ?? {};
}

/** Renders a manifest deterministically (sorted keys, no timestamps). */
export function renderManifest(files: ReadonlyArray<{ path: string; content: string }>): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  const entries = Object.fromEntries(sorted.map((f) => [f.path, hashContent(f.content)]));
  return `${JSON.stringify({ generator: 'slipway', note: 'Files Slipway manages here. Do not edit.', files: entries }, null, 2)}\n`;
}
