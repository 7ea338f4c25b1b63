import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedFile } from '../synthesizer.js';
import { hashContent, readManifest } from './manifest.js';

/** Why a file on disk does not match a fresh synth. */
export type DriftKind = 'missing' | 'stale' | 'hand-edited' | 'orphaned' | 'mode' | 'unmanaged';

export interface Drift {
  readonly path: string;
  readonly kind: DriftKind;
}

/** Compares a fresh synth with the output folder, without writing anything. */
export function findDrift(outdir: string, files: readonly RenderedFile[]): Drift[] {
  const manifest = readManifest(outdir);
  const out: Drift[] = [];
  const produced = new Set(files.map((f) => f.path));
  for (const f of files) {
    const path = join(outdir, f.path);
    if (!existsSync(path)) {
      out.push({ path: f.path, kind: 'missing' });
      continue;
    }
    // The writer refuses to replace a file it did not write (WriteConflictError): say so, not "stale".
    if (manifest[f.path] === undefined) {
      out.push({ path: f.path, kind: 'unmanaged' });
      continue;
    }
    const disk = readFileSync(path);
    const diskHash = hashContent(disk);
    if (manifest[f.path] !== undefined && manifest[f.path] !== diskHash) {
      out.push({ path: f.path, kind: 'hand-edited' });
    } else if (disk.toString('utf8') !== f.content) {
      out.push({ path: f.path, kind: 'stale' });
    } else if ((statSync(path).mode & 0o100) !== (f.mode & 0o100)) {
      // Only the executable bit: it is all of the mode that git keeps, and --check runs on checkouts.
      out.push({ path: f.path, kind: 'mode' });
    }
  }
  for (const path of Object.keys(manifest)) {
    if (!produced.has(path) && existsSync(join(outdir, path))) out.push({ path, kind: 'orphaned' });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** One line per drift, for the CLI. */
export function describeDrift(d: Drift): string {
  const why: Record<DriftKind, string> = {
    missing: 'missing: run `npx synth` to write it',
    stale: 'stale: infra.ts changed since it was written; run `npx synth`',
    'hand-edited': 'hand-edited: the change will be lost; move it into infra.ts, then run `npx synth`',
    orphaned: 'orphaned: no longer produced; run `npx synth` to remove it',
    mode: 'executable bit differs: run `npx synth` to restore it',
    unmanaged: 'not written by Slipway, and synth will not replace it: move it out of the folder (or delete it), then run `npx synth`',
  };
  return `${d.path}: ${why[d.kind]}`;
}
