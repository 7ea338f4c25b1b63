import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RenderedFile } from '../synthesizer.js';
import { hashContent, MANIFEST_FILE, readManifest, renderManifest } from './manifest.js';

/** The file-system calls the writer makes; tests replace them to inject failures. */
export interface WriterFs {
  writeFileSync(path: string, data: string, options: { mode: number }): void;
  chmodSync(path: string, mode: number): void;
  renameSync(from: string, to: string): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  rmSync(path: string, options: { recursive: true; force: true }): void;
  rmdirSync(path: string): void;
  existsSync(path: string): boolean;
  readFileSync(path: string): Buffer;
  statSync(path: string): { mode: number };
  readdirSync(path: string): string[];
}

/** What a write changed. */
export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** Managed files whose hand edits were replaced. */
  readonly overwrittenEdits: readonly string[];
}

/** Raised when writing would touch a file Slipway did not generate. */
export class WriteConflictError extends Error {
  constructor(readonly paths: readonly string[], outdir: string) {
    super(
      `${paths.length} file(s) in ${outdir} were not written by Slipway and would be replaced: ${paths.join(', ')}. ` +
        'Move them out of the output folder (or delete them), then run synth again.',
    );
    this.name = 'WriteConflictError';
  }
}

/**
 * Writes files into `outdir` as one transaction.
 *
 * Everything is first written to a sibling staging folder; only then are files moved into place
 * by `rename`, each replaced file being moved aside first. If any step fails, every move is undone
 * and the output folder is left exactly as it was. Files that no manifest lists are never touched.
 */
export function writeOutput(outdir: string, files: readonly RenderedFile[], fs: WriterFs = nodeFs): WriteReport {
  const manifest = readManifest(outdir);
  const all = [...files, { path: MANIFEST_FILE, content: renderManifest(files), mode: 0o644 }];
  const produced = new Set(all.map((f) => f.path));

  const conflicts = files
    .filter((f) => manifest[f.path] === undefined && fs.existsSync(join(outdir, f.path)))
    .map((f) => f.path);
  if (conflicts.length) throw new WriteConflictError(conflicts, outdir);

  const changed: RenderedFile[] = [];
  const unchanged: string[] = [];
  const overwrittenEdits: string[] = [];
  for (const f of all) {
    const target = join(outdir, f.path);
    if (!fs.existsSync(target)) {
      changed.push(f);
      continue;
    }
    const disk = fs.readFileSync(target);
    if (f.path !== MANIFEST_FILE && manifest[f.path] !== hashContent(disk)) overwrittenEdits.push(f.path);
    const sameMode = (fs.statSync(target).mode & 0o777) === f.mode;
    if (disk.toString('utf8') === f.content && sameMode) unchanged.push(f.path);
    else changed.push(f);
  }
  const orphans = Object.keys(manifest).filter((p) => !produced.has(p) && fs.existsSync(join(outdir, p)));
  if (changed.length === 0 && orphans.length === 0) {
    return { written: [], unchanged: unchanged.filter((p) => p !== MANIFEST_FILE), removed: [], overwrittenEdits };
  }

  const staging = join(dirname(outdir), `.${basename(outdir)}.slipway-staging-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const f of changed) {
      const path = join(staging, 'new', f.path);
      fs.mkdirSync(dirname(path), { recursive: true });
      fs.writeFileSync(path, f.content, { mode: f.mode });
      fs.chmodSync(path, f.mode); // the umask may have narrowed the mode
    }
    commit(outdir, staging, changed, orphans, fs);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  removeEmptyDirs(outdir, orphans, fs);
  return {
    written: changed.map((f) => f.path).filter((p) => p !== MANIFEST_FILE),
    unchanged: unchanged.filter((p) => p !== MANIFEST_FILE),
    removed: orphans,
    overwrittenEdits,
  };
}

type Step = { undo: () => void };

function commit(outdir: string, staging: string, changed: readonly RenderedFile[], orphans: readonly string[], fs: WriterFs): void {
  const done: Step[] = [];
  const moveAside = (rel: string) => {
    const from = join(outdir, rel);
    const to = join(staging, 'old', rel);
    fs.mkdirSync(dirname(to), { recursive: true });
    fs.renameSync(from, to);
    done.push({ undo: () => fs.renameSync(to, from) });
  };
  const mkdirs = (dir: string) => {
    const missing: string[] = [];
    for (let d = dir; !fs.existsSync(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) {
      fs.mkdirSync(d, { recursive: true });
      done.push({ undo: () => fs.rmdirSync(d) });
    }
  };
  try {
    // The manifest goes last: until it lands, the old manifest still describes the folder.
    const ordered = [...changed].sort((a, b) => Number(a.path === MANIFEST_FILE) - Number(b.path === MANIFEST_FILE));
    for (const f of ordered) {
      const target = join(outdir, f.path);
      if (fs.existsSync(target)) moveAside(f.path);
      mkdirs(dirname(target));
      fs.renameSync(join(staging, 'new', f.path), target);
      done.push({ undo: () => fs.renameSync(target, join(staging, 'new', f.path)) });
    }
    for (const o of orphans) moveAside(o);
  } catch (error) {
    for (const step of done.reverse()) step.undo();
    throw error;
  }
}

function removeEmptyDirs(outdir: string, removed: readonly string[], fs: WriterFs): void {
  for (const rel of removed) {
    for (let d = dirname(join(outdir, rel)); d.startsWith(outdir) && d !== outdir; d = dirname(d)) {
      if (fs.readdirSync(d).length > 0) break;
      fs.rmdirSync(d);
    }
  }
}
