import { describe, expect, it } from 'vitest';
import { emitYaml, isPlainSafe } from '../src/files/_yaml-emit.js';

/** isPlainSafe as it was before its fast path for simple words: the reference it must agree with. */
function reference(s: string): boolean {
  if (s === '' || s !== s.trim()) return false;
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-[^\s-]/.test(s) && !/^--[^\s]/.test(s)) return false;
  if (/^(---|\.\.\.)/.test(s)) return false;
  if (/: |:$| #|[{}[\],]/.test(s)) return false;
  return ![
    /^(true|false|yes|no|on|off|y|n|null|~)$/i,
    /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/,
    /^[-+]?0[xob][0-9a-f_]+$/i,
    /^[-+]?\.(inf|nan)$/i,
    /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/,
    /^\d{4}-\d\d?-\d\d?/,
  ].some((re) => re.test(s));
}

describe('isPlainSafe fast path', () => {
  it('GIVEN words of letters, digits and _./- (and neighbours of them) THEN it answers as the full check', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'aAyYnNoOtTeEfFlLsSuU0159_./-:# ~+xXbB';
    const words = ['yes', 'No', 'ON', 'off', 'y', 'N', 'null', 'True', 'FALSE', 'svc-0001', 'NODE_ENV', 'a.b/c-d_e', 'e1', 'E5', 'x0', 'b101', 'inf', 'nan', 'Infinity', 'yes-no'];
    for (let i = 0; i < 20000; i++) {
      const len = 1 + Math.floor(rnd() * 8);
      words.push(Array.from({ length: len }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    }
    for (const w of words) expect([w, isPlainSafe(w)]).toEqual([w, reference(w)]);
  });

  it('GIVEN maps whose values are all undefined, or some defined THEN they are written as before ({} or their entries)', () => {
    expect(emitYaml({ a: { x: undefined }, b: { x: undefined, k: 1 }, c: {} })).toBe('a: {}\nb:\n  k: 1\nc: {}\n');
  });
});
