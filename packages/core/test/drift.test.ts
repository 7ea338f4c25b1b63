import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDrift, findDrift } from '../src/output/drift.js';
import { writeOutput } from '../src/output/writer.js';

describe('findDrift', () => {
  it('GIVEN a newly produced file whose path holds a file Slipway did not write THEN --check says synth will refuse it, not "stale"', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'slipway-drift-')), 'deploy');
    writeOutput(out, [{ path: 'a.yml', content: 'a\n', mode: 0o644 }]);
    // An upgrade adds .gitignore to the output; the operator already keeps one of their own there.
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '.gitignore'), 'node_modules/\n');
    const files = [
      { path: 'a.yml', content: 'a\n', mode: 0o644 },
      { path: '.gitignore', content: '.env\n', mode: 0o644 },
    ];
    const drift = findDrift(out, files);
    expect(drift).toEqual([{ path: '.gitignore', kind: 'unmanaged' }]);
    expect(describeDrift(drift[0]!)).toContain('not written by Slipway');
    expect(() => writeOutput(out, files)).toThrow(/not written by Slipway/);
  });
});
