import { dirname, join } from 'node:path';
import { MANIFEST_FILE } from './manifest.js';
import { outputPathProblem } from './safe-path.js';
import { syncPath, writeDurably, type WriterFs } from './writer-fs.js';

/**
 * The commit plan, written (and flushed) into the staging folder before the first rename of the
 * output folder. Its presence means "these staged files must end up in place": a synth that finds
 * the journal of a dead process runs {@link applyJournal} again to finish the commit.
 */
export interface Journal {
  readonly version: 1;
  /** Staged files, in commit order (the manifest last); `replaces` when a file was in the way. */
  readonly files: readonly { readonly path: string; readonly replaces: boolean }[];
  /** Managed files no longer produced, moved aside then deleted with the staging folder. */
  readonly orphans: readonly string[];
}

const JOURNAL_FILE = 'journal.json';

export function writeJournal(fs: WriterFs, staging: string, journal: Journal): void {
  const tmp = join(staging, 'journal.tmp');
  writeDurably(fs, tmp, JSON.stringify(journal), 0o644);
  fs.renameSync(tmp, join(staging, JOURNAL_FILE)); // atomic: the journal is whole or absent
  syncPath(fs, staging);
}

/** The journal of a staging folder, or undefined when the commit never started. */
export function readJournal(fs: WriterFs, staging: string): Journal | undefined {
  const path = join(staging, JOURNAL_FILE);
  if (!fs.existsSync(path)) return undefined;
  try {
    const j = JSON.parse(fs.readFileSync(path).toString('utf8')) as Journal;
    if (j.version !== 1 || !Array.isArray(j.files) || !Array.isArray(j.orphans)) return undefined;
    // Only paths synth could have written: a planted journal must not move files elsewhere.
    const paths = [...j.files.map((f) => f.path), ...j.orphans];
    return paths.every((p) => typeof p === 'string' && (p === MANIFEST_FILE || outputPathProblem(p) === undefined)) ? j : undefined;
  } catch {
    return undefined; // only an outside edit can make it unreadable; then nothing is trusted
  }
}

/** Undoes one applied step (for a failure inside this process). */
export type Undo = () => void;

/**
 * Moves staged files into place and orphans aside. Every step looks where its files are before
 * moving them, so this can run again after a crash at any point and completes the same commit.
 */
export function applyJournal(fs: WriterFs, outdir: string, staging: string, journal: Journal, undo: Undo[] = []): void {
  const aside = (rel: string) => {
    const from = join(outdir, rel);
    const to = join(staging, 'old', rel);
    if (fs.existsSync(to) || !fs.existsSync(from)) return;
    fs.mkdirSync(dirname(to), { recursive: true });
    fs.renameSync(from, to);
    undo.push(() => fs.renameSync(to, from));
  };
  for (const f of journal.files) {
    const staged = join(staging, 'new', f.path);
    if (!fs.existsSync(staged)) continue; // already in place
    if (f.replaces) aside(f.path);
    const target = join(outdir, f.path);
    mkdirs(fs, dirname(target), undo);
    fs.renameSync(staged, target);
    undo.push(() => fs.renameSync(target, staged));
  }
  for (const o of journal.orphans) aside(o);
}

/** Makes the commit durable, removes folders the orphans left empty, then drops the journal. */
export function finishJournal(fs: WriterFs, outdir: string, staging: string, journal: Journal): void {
  const dirs = new Set([outdir, ...journal.files.map((f) => dirname(join(outdir, f.path)))]);
  for (const d of dirs) if (fs.existsSync(d)) syncPath(fs, d);
  removeEmptyDirs(fs, outdir, journal.orphans);
  fs.rmSync(join(staging, JOURNAL_FILE), { recursive: true, force: true });
  fs.rmSync(staging, { recursive: true, force: true });
}

function mkdirs(fs: WriterFs, dir: string, undo: Undo[]): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    fs.mkdirSync(d, { recursive: true });
    undo.push(() => fs.rmdirSync(d));
  }
}

/** Removes the folders that removed files leave empty; several orphans may share one. */
function removeEmptyDirs(fs: WriterFs, outdir: string, removed: readonly string[]): void {
  for (const rel of removed) {
    for (let d = dirname(join(outdir, rel)); d.startsWith(outdir) && d !== outdir; d = dirname(d)) {
      if (!fs.existsSync(d)) continue; // an earlier orphan's folder, already removed
      if (fs.readdirSync(d).length > 0) break;
      fs.rmdirSync(d);
    }
  }
}
