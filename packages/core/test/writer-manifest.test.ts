import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashContent, ManifestError, MANIFEST_FILE } from '../src/output/manifest.js';
import { UnsafeOutputPathError, writeOutput } from '../src/output/writer.js';
import type { RenderedFile } from '../src/synthesizer.js';

const file = (path: string, content: string, mode = 0o644): RenderedFile => ({ path, content, mode });

function project(): { root: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'slipway-manifest-'));
  return { root, out: join(root, 'deploy') };
}

/** Adds entries to the manifest on disk, as a hand (or a hostile commit) would. */
function tamper(out: string, entries: Record<string, string>): void {
  const path = join(out, MANIFEST_FILE);
  const m = JSON.parse(readFileSync(path, 'utf8'));
  Object.assign(m.files, entries);
  writeFileSync(path, JSON.stringify(m));
}

describe('the manifest is input, not trusted', () => {
  it('GIVEN a manifest listing .env and a file outside the folder THEN neither is deleted, and both are reported', () => {
    const { root, out } = project();
    writeOutput(out, [file('a.yml', 'a\n')]);
    writeFileSync(join(out, '.env'), 'SECRET=1\n');
    writeFileSync(join(root, 'victim.txt'), 'mine\n');
    tamper(out, { '.env': hashContent('SECRET=1\n'), '../victim.txt': hashContent('mine\n') });

    const report = writeOutput(out, [file('a.yml', 'a\n')]);

    expect(readFileSync(join(out, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('mine\n');
    expect(report.removed).toEqual([]);
    expect(report.ignoredEntries.map((e) => e.path).sort()).toEqual(['../victim.txt', '.env']);
  });

  it('GIVEN an orphan edited by hand THEN it is kept, reported and no longer managed', () => {
    const { out } = project();
    writeOutput(out, [file('a.yml', 'a\n'), file('gone.yml', 'g\n')]);
    writeFileSync(join(out, 'gone.yml'), 'g\n# my notes\n');
    const report = writeOutput(out, [file('a.yml', 'a\n')]);
    expect(report.keptEdits).toEqual(['gone.yml']);
    expect(report.removed).toEqual([]);
    expect(readFileSync(join(out, 'gone.yml'), 'utf8')).toBe('g\n# my notes\n');
    expect(JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')).files).not.toHaveProperty('gone.yml');
  });

  it('GIVEN two orphans in one folder THEN both go and so does the folder (no ENOENT)', () => {
    const { out } = project();
    writeOutput(out, [file('a.yml', 'a\n'), file('host/cloud-init.yml', 'c\n'), file('host/bootstrap.sh', 'b\n', 0o755)]);
    const report = writeOutput(out, [file('a.yml', 'a\n')]);
    expect(report.removed.sort()).toEqual(['host/bootstrap.sh', 'host/cloud-init.yml']);
    expect(existsSync(join(out, 'host'))).toBe(false);
  });

  for (const [name, text] of [['not JSON', '{ "files": '], ['no files object', '{"files": []}'], ['a bad hash', '{"files": {"a.yml": 42}}']]) {
    it(`GIVEN a corrupt manifest (${name}) THEN a ManifestError with the fix, nothing written`, () => {
      const { out } = project();
      writeOutput(out, [file('a.yml', 'a\n')]);
      writeFileSync(join(out, MANIFEST_FILE), text);
      expect(() => writeOutput(out, [file('a.yml', 'b\n')])).toThrow(ManifestError);
      expect(() => writeOutput(out, [file('a.yml', 'b\n')])).toThrow(/deploy\/\.slipway-manifest\.json is corrupt .*Fix: restore it/);
      expect(readFileSync(join(out, 'a.yml'), 'utf8')).toBe('a\n');
    });
  }

  for (const path of ['../Dockerfile', '../../../x.Dockerfile', '/etc/x', 'a/../../b', '.env', 'sub/.env.production']) {
    it(`GIVEN an output path "${path}" THEN the writer refuses it and writes nothing`, () => {
      const { root, out } = project();
      expect(() => writeOutput(out, [file('a.yml', 'a\n'), file(path, 'x\n')])).toThrow(UnsafeOutputPathError);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(root, 'Dockerfile'))).toBe(false);
    });
  }

  it('GIVEN a folder inside the output that links elsewhere THEN nothing is written or deleted through it', () => {
    const { root, out } = project();
    writeOutput(out, [file('a.yml', 'a\n'), file('host/x.sh', 'x\n')]);
    rmSync(join(out, 'host'), { recursive: true });
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere/x.sh'), 'x\n'); // same bytes as synth wrote: the hash matches
    symlinkSync(join(root, 'elsewhere'), join(out, 'host'));
    const report = writeOutput(out, [file('a.yml', 'a\n')]);
    expect(readFileSync(join(root, 'elsewhere/x.sh'), 'utf8')).toBe('x\n');
    expect(report.ignoredEntries).toEqual([{ path: 'host/x.sh', reason: 'leads out of the output folder through a symbolic link' }]);
    expect(() => writeOutput(out, [file('host/y.sh', 'y\n')])).toThrow(UnsafeOutputPathError);
    expect(existsSync(join(root, 'elsewhere/y.sh'))).toBe(false);
  });
});
