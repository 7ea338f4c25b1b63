import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, readManifest } from '../src/output/manifest.js';
import { WriteConflictError, writeOutput, type WriterFs } from '../src/output/writer.js';
import type { RenderedFile } from '../src/synthesizer.js';

const file = (path: string, content: string, mode = 0o644): RenderedFile => ({ path, content, mode });

/** Every file under a folder, path → content + mode, to compare folders byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = `${(statSync(p).mode & 0o777).toString(8)} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}

/** The real file system, failing on the n-th call of one operation. */
function failingFs(op: 'writeFileSync' | 'renameSync', n: number): WriterFs {
  let calls = 0;
  return {
    ...fs,
    [op]: (...args: unknown[]) => {
      if (++calls === n) throw new Error(`injected ${op} failure #${n}`);
      return (fs[op] as (...a: unknown[]) => unknown)(...args);
    },
  } as WriterFs;
}

function freshOut(): string {
  return join(mkdtempSync(join(tmpdir(), 'slipway-writer-')), 'deploy');
}

describe('writeOutput', () => {
  it('GIVEN a new folder THEN writes files with their modes and a manifest', () => {
    const out = freshOut();
    const report = writeOutput(out, [file('a.yml', 'a\n'), file('.env.example', 'X=\n', 0o600), file('bin/run.sh', '#!/bin/sh\n', 0o755)]);
    expect(report.written).toEqual(['a.yml', '.env.example', 'bin/run.sh']);
    expect(statSync(join(out, '.env.example')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, 'bin/run.sh')).mode & 0o777).toBe(0o755);
    expect(Object.keys(readManifest(out)).sort()).toEqual(['.env.example', 'a.yml', 'bin/run.sh']);
  });

  it('GIVEN a second synth THEN unchanged files are not rewritten and orphans are removed', () => {
    const out = freshOut();
    writeOutput(out, [file('keep.yml', 'k\n'), file('old/gone.yml', 'g\n')]);
    const report = writeOutput(out, [file('keep.yml', 'k\n')]);
    expect(report.unchanged).toEqual(['keep.yml']);
    expect(report.removed).toEqual(['old/gone.yml']);
    expect(fs.existsSync(join(out, 'old'))).toBe(false);
  });

  it('GIVEN files Slipway did not write THEN never touches them, and refuses to overwrite one', () => {
    const out = freshOut();
    writeOutput(out, [file('a.yml', 'a\n')]);
    writeFileSync(join(out, '.env'), 'SECRET=keep-me\n', { mode: 0o600 });
    writeOutput(out, [file('b.yml', 'b\n')]);
    expect(readFileSync(join(out, '.env'), 'utf8')).toBe('SECRET=keep-me\n');

    writeFileSync(join(out, 'mine.conf'), 'hand made\n');
    expect(() => writeOutput(out, [file('mine.conf', 'generated\n')])).toThrow(WriteConflictError);
    expect(readFileSync(join(out, 'mine.conf'), 'utf8')).toBe('hand made\n');
  });

  it('GIVEN a hand-edited managed file THEN it is replaced and reported', () => {
    const out = freshOut();
    writeOutput(out, [file('a.yml', 'a\n')]);
    writeFileSync(join(out, 'a.yml'), 'edited\n');
    const report = writeOutput(out, [file('a.yml', 'a\n')]);
    expect(report.overwrittenEdits).toEqual(['a.yml']);
    expect(readFileSync(join(out, 'a.yml'), 'utf8')).toBe('a\n');
  });

  for (const [op, n] of [['writeFileSync', 1], ['writeFileSync', 3], ['renameSync', 1], ['renameSync', 4], ['renameSync', 7]] as const) {
    it(`GIVEN a failure injected at ${op} #${n} THEN the previous folder is byte-identical`, () => {
      const out = freshOut();
      writeOutput(out, [file('a.yml', 'a1\n'), file('sub/b.yml', 'b1\n'), file('gone.yml', 'g\n'), file('s.sh', 'x\n', 0o755)]);
      writeFileSync(join(out, '.env'), 'S=1\n', { mode: 0o600 });
      const before = snapshot(out);

      const next = [file('a.yml', 'a2\n'), file('sub/b.yml', 'b2\n'), file('new/c.yml', 'c\n'), file('s.sh', 'y\n', 0o755)];
      expect(() => writeOutput(out, next, failingFs(op, n))).toThrow(/injected/);

      expect(snapshot(out)).toEqual(before);
      expect(readdirSync(join(out, '..')).filter((n) => n.includes('staging'))).toEqual([]);
    });
  }

  it('GIVEN the manifest THEN it is deterministic and lists hashes only', () => {
    const a = freshOut();
    const b = freshOut();
    writeOutput(a, [file('x', '1\n'), file('y', '2\n')]);
    writeOutput(b, [file('y', '2\n'), file('x', '1\n')]);
    expect(readFileSync(join(a, MANIFEST_FILE), 'utf8')).toBe(readFileSync(join(b, MANIFEST_FILE), 'utf8'));
  });
});
