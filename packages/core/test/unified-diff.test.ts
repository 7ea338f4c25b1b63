import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/output/unified-diff.js';

// Deterministic pseudo-random texts, so the test is repeatable.
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function mutate(lines: string[], rand: () => number): string[] {
  const out = [...lines];
  for (let i = 0; i < 4; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const op = rand();
    if (op < 0.33 && out.length) out.splice(at, 1);
    else if (op < 0.66) out.splice(at, 0, `new ${Math.floor(rand() * 1000)}`);
    else if (out.length) out[Math.min(at, out.length - 1)] = `changed ${Math.floor(rand() * 1000)}`;
  }
  return out;
}

describe('unifiedDiff', () => {
  it('GIVEN equal texts THEN returns nothing', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'a', 'b')).toBe('');
  });

  it('GIVEN a one-line change THEN shows it with context', () => {
    const diff = unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'a/x', 'b/x');
    expect(diff).toBe('--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });

  it('GIVEN random edits THEN GNU patch applies the diff and reproduces the new text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-diff-'));
    const rand = rng(42);
    for (let round = 0; round < 40; round++) {
      const before = Array.from({ length: 5 + Math.floor(rand() * 30) }, (_, i) => `line ${i % 7} ${Math.floor(rand() * 3)}`);
      const after = mutate(before, rand);
      const a = `${before.join('\n')}\n`;
      const b = after.length ? `${after.join('\n')}\n` : '';
      writeFileSync(join(dir, 'file'), a);
      writeFileSync(join(dir, 'p.diff'), unifiedDiff(a, b, 'a/file', 'b/file'));
      execFileSync('patch', ['-s', '-p1', '-i', 'p.diff'], { cwd: dir });
      expect(readFileSync(join(dir, 'file'), 'utf8')).toBe(b);
    }
  });
});
