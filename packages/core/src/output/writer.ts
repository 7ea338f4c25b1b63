import { dirname, join } from 'node:path';
import type { RenderedFile } from '../synthesizer.js';
import { applyJournal, finishJournal, writeJournal, type Journal, type Undo } from './journal.js';
import { hashContent, loadManifest, MANIFEST_FILE, renderManifest } from './manifest.js';
import { outputPathProblem } from './safe-path.js';
import { recoverInterrupted, stagingDir } from './staging.js';
import { defaultWriterFs, leavesThroughLink, writeDurably, type WriterFs } from './writer-fs.js';

export type { WriterFs } from './writer-fs.js';

/** What a write changed. */
export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** Managed files whose hand edits were replaced. */
  readonly overwrittenEdits: readonly string[];
  /** Files no longer produced but edited by hand since: kept, and no longer managed. */
  readonly keptEdits: readonly string[];
  /** Manifest entries naming paths Slipway never writes (edited manifest): left alone. */
  readonly ignoredEntries: readonly { path: string; reason: string }[];
  /** Pids of interrupted synths whose commit this one finished first. */
  readonly recovered: readonly number[];
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

/** Raised for an output path that would leave the output folder (synth reports these earlier, per construct). */
export class UnsafeOutputPathError extends Error {
  constructor(path: string, problem: string) {
    super(`output file "${path}" ${problem}. Fix: give the file a plain relative name inside the output folder.`);
    this.name = 'UnsafeOutputPathError';
  }
}

/**
 * Writes files into `outdir` as one transaction.
 *
 * Changed files are written and flushed into a sibling staging folder; then a journal of the
 * commit is flushed there, and only then are files moved into place by `rename` (each replaced
 * file moved aside first, the manifest last). A failure in this process undoes every move; a
 * crash leaves the journal, and the next synth finishes the commit before anything else
 * ({@link recoverInterrupted}). Files that the manifest does not validly list are never touched.
 */
export function writeOutput(outdir: string, files: readonly RenderedFile[], fs: WriterFs = defaultWriterFs()): WriteReport {
  for (const f of files) {
    const problem = outputPathProblem(f.path);
    if (problem) throw new UnsafeOutputPathError(f.path, problem);
  }
  const recovered = recoverInterrupted(outdir, fs);
  const loaded = loadManifest(outdir);
  const LINK = 'leads out of the output folder through a symbolic link';
  for (const f of files) if (leavesThroughLink(fs, outdir, f.path)) throw new UnsafeOutputPathError(f.path, LINK);
  const manifest = Object.fromEntries(Object.entries(loaded.entries).filter(([p]) => !leavesThroughLink(fs, outdir, p)));
  const ignored = [...loaded.ignored, ...Object.keys(loaded.entries).filter((p) => !(p in manifest)).map((path) => ({ path, reason: LINK }))];
  const produced = new Set(files.map((f) => f.path));
  const onDisk = (rel: string) => fs.existsSync(join(outdir, rel));

  const conflicts = files.filter((f) => manifest[f.path] === undefined && onDisk(f.path)).map((f) => f.path);
  if (conflicts.length) throw new WriteConflictError(conflicts, outdir);

  // An orphan is deleted only if it is still what synth wrote; a hand-edited one is kept.
  const orphans: string[] = [];
  const keptEdits: string[] = [];
  for (const [path, hash] of Object.entries(manifest)) {
    if (produced.has(path) || !onDisk(path)) continue;
    if (hashContent(fs.readFileSync(join(outdir, path))) === hash) orphans.push(path);
    else keptEdits.push(path);
  }

  const all = [...files, { path: MANIFEST_FILE, content: renderManifest(files), mode: 0o644 }];
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
  const report = {
    written: changed.map((f) => f.path).filter((p) => p !== MANIFEST_FILE),
    unchanged: unchanged.filter((p) => p !== MANIFEST_FILE),
    removed: orphans,
    overwrittenEdits,
    keptEdits,
    ignoredEntries: ignored,
    recovered,
  };
  if (changed.length === 0 && orphans.length === 0) return { ...report, written: [] };

  const staging = stagingDir(outdir);
  fs.rmSync(staging, { recursive: true, force: true });
  // One level at a time: on a read-only file system a recursive mkdir reports ENOENT, not EROFS.
  const missing: string[] = [];
  for (let d = staging; !fs.existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) fs.mkdirSync(d);
  try {
    for (const f of changed) {
      const path = join(staging, 'new', f.path);
      fs.mkdirSync(dirname(path), { recursive: true });
      writeDurably(fs, path, f.content, f.mode);
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  // The manifest goes last: until it lands, the old manifest still describes the folder.
  const ordered = [...changed].sort((a, b) => Number(a.path === MANIFEST_FILE) - Number(b.path === MANIFEST_FILE));
  const journal: Journal = {
    version: 1,
    files: ordered.map((f) => ({ path: f.path, replaces: fs.existsSync(join(outdir, f.path)) })),
    orphans,
  };
  commit(fs, outdir, staging, journal);
  return report;
}

function commit(fs: WriterFs, outdir: string, staging: string, journal: Journal): void {
  const undo: Undo[] = [];
  try {
    writeJournal(fs, staging, journal);
    applyJournal(fs, outdir, staging, journal, undo);
  } catch (error) {
    // Undo in reverse, then forget the journal. Should undoing fail too, the journal stays and
    // the next synth finishes the commit instead.
    for (const step of undo.reverse()) step();
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  finishJournal(fs, outdir, staging, journal);
}
