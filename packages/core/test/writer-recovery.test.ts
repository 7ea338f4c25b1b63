import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDrift } from '../src/output/drift.js';
import { recoverInterrupted } from '../src/output/staging.js';
import { writeOutput, type WriterFs } from '../src/output/writer.js';
import type { RenderedFile } from '../src/synthesizer.js';

const file = (path: string, content: string, mode = 0o644): RenderedFile => ({ path, content, mode });

/** Every entry under a folder (files with mode and content, folders too), to compare byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out[`${relative(dir, p)}/`] = 'dir';
        walk(p);
      } else out[relative(dir, p)] = `${(st.mode & 0o777).toString(8)} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}

class Crash extends Error {}

/**
 * The real file system until the n-th change, then nothing at all: the process is "dead", so not
 * even the writer's own undo runs. The disk is left as a kill -9 at that point would leave it.
 */
function crashingFs(n: number): { fs: WriterFs; crashed: () => boolean } {
  let count = 0;
  let dead = false;
  const mutate = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => {
    if (dead || ++count === n) {
      dead = true;
      throw new Crash();
    }
    return f(...a);
  };
  const wrapped = {
    ...fs,
    writeFileSync: mutate(fs.writeFileSync),
    renameSync: mutate(fs.renameSync),
    mkdirSync: mutate(fs.mkdirSync),
    rmSync: mutate(fs.rmSync),
    rmdirSync: mutate(fs.rmdirSync),
    chmodSync: mutate(fs.chmodSync),
  } as WriterFs;
  return { fs: wrapped, crashed: () => dead };
}

const OLD = [file('a.yml', 'a1\n'), file('sub/b.yml', 'b1\n'), file('gone/g.yml', 'g\n'), file('gone/h.yml', 'h\n'), file('s.sh', 'x\n', 0o755)];
const NEW = [file('a.yml', 'a2\n'), file('sub/b.yml', 'b2\n'), file('new/deep/c.yml', 'c\n'), file('s.sh', 'x\n', 0o600)];

describe('crash at any point of a write', () => {
  it('GIVEN a crash before each file-system change THEN the next write first makes the folder entirely old or new, and leaves no staging folder', () => {
    let points = 0;
    for (let n = 1; ; n++) {
      const root = mkdtempSync(join(tmpdir(), 'slipway-crash-'));
      const out = join(root, 'deploy');
      writeOutput(out, OLD);
      writeFileSync(join(out, '.env'), 'S=1\n');
      const before = snapshot(out);
      const fresh = join(mkdtempSync(join(tmpdir(), 'slipway-crash-ref-')), 'deploy');
      writeOutput(fresh, NEW);
      writeFileSync(join(fresh, '.env'), 'S=1\n');
      const after = snapshot(fresh);

      const { fs: dying, crashed } = crashingFs(n);
      try {
        writeOutput(out, NEW, dying);
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
      }
      if (!crashed()) break; // n is past the last change: every point was covered
      points++;

      // What `synth --check` does first: finish or drop the interrupted write, nothing more.
      recoverInterrupted(out, fs);
      const state = snapshot(out);
      expect([before, after], `crash point ${n}`).toContainEqual(state);
      expect(findDrift(out, NEW).length === 0, `crash point ${n}: --check must say up to date only if it is`).toBe(JSON.stringify(state) === JSON.stringify(after));
      expect(readdirSync(root).filter((e) => e.includes('slipway')), `crash point ${n}`).toEqual([]);
      writeOutput(out, NEW);
      expect(snapshot(out), `crash point ${n}`).toEqual(after);
    }
    expect(points).toBeGreaterThan(25);
  });

  it('GIVEN a planted journal naming a file outside the folder THEN recovery ignores it and removes the staging folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'slipway-crash-'));
    const out = join(root, 'deploy');
    writeOutput(out, OLD);
    writeFileSync(join(root, 'victim.txt'), 'mine\n');
    const staging = join(root, `.deploy.slipway-staging-${process.pid}`);
    fs.mkdirSync(staging);
    writeFileSync(join(staging, 'journal.json'), JSON.stringify({ version: 1, files: [], orphans: ['../victim.txt'] }));
    expect(recoverInterrupted(out, fs)).toEqual([]);
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(staging)).toBe(false);
  });

  it('GIVEN a second crash while recovering THEN the recovery after it still ends all-old or all-new', () => {
    let pairs = 0;
    for (let n = 2; n < 60; n += 6) {
      for (let m = 1; ; m++) {
        const root = mkdtempSync(join(tmpdir(), 'slipway-crash2-'));
        const out = join(root, 'deploy');
        writeOutput(out, OLD);
        const before = snapshot(out);
        const first = crashingFs(n);
        try {
          writeOutput(out, NEW, first.fs);
        } catch (error) {
          if (!(error instanceof Crash)) throw error;
        }
        if (!first.crashed()) return void expect(pairs).toBeGreaterThan(10);
        const second = crashingFs(m);
        try {
          recoverInterrupted(out, second.fs);
        } catch (error) {
          if (!(error instanceof Crash)) throw error;
        }
        recoverInterrupted(out, fs);
        const state = snapshot(out);
        expect([before, fresh()], `crash at ${n}, then at ${m} while recovering`).toContainEqual(state);
        fs.rmSync(root, { recursive: true, force: true });
        if (!second.crashed()) break;
        pairs++;
      }
    }
  });
});

let reference: Record<string, string> | undefined;
/** The folder a clean write of NEW gives. */
function fresh(): Record<string, string> {
  if (!reference) {
    const out = join(mkdtempSync(join(tmpdir(), 'slipway-crash-ref-')), 'deploy');
    writeOutput(out, NEW);
    reference = snapshot(out);
  }
  return reference;
}
