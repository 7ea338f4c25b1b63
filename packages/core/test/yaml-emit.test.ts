import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml, isPlainSafe } from '../src/files/_yaml-emit.js';

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const TRICKY = [
  '', ' ', 'a ', ' a', 'yes', 'No', 'on', 'off', 'y', 'n', 'null', '~', 'true', 'False', '0', '-1', '1.5', '1e3', '.5', '0x1f', '0o17', '0b101',
  '.inf', '-.Inf', '.NaN', '1:30', '190:20:30', '2024-01-01', '12:00', '- x', '-', '--', '-q', '--spider', '? x', ':x', 'a: b', 'a:', 'a #b',
  'a#b', '#x', '&x', '*x', '!x', '|x', '>x', "'x", '"x', '%x', '@x', '`x', '{a}', '[a]', 'a,b', 'a]', 'no-new-privileges:true',
  'http://127.0.0.1:3000/health', '${DB_PASSWORD:?not set}', 'exec redis-server --requirepass "$$P"', "it's", 'line1\nline2',
  'ends with newline\n', 'two newlines\n\n', '\nleading newline', 'tab\there', 'trailing space \nx', 'ünïcödé ✓', '\u2028', '---', '...', 'a\r\nb',
  '127.0.0.1:3000:3000', '3000', '0.0.0.0:443:443', 'max-size', '10m', 'x: y: z', '"', "'", '\\', 'back\\slash',
];

describe('emitYaml', () => {
  it('GIVEN tricky strings as keys and values THEN the yaml parser reads them back unchanged', () => {
    const doc = {
      list: TRICKY,
      map: Object.fromEntries(TRICKY.filter((k) => k !== '').map((k) => [k, k])),
      nested: [{ a: TRICKY, b: { c: TRICKY } }, [[1, 'x'], []], {}],
      numbers: [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER],
      flags: [true, false, null],
    };
    expect(parse(emitYaml(doc))).toEqual(doc);
  });

  it('GIVEN random strings THEN every document round-trips', () => {
    const rand = rng(7);
    const alphabet = 'ab :#-?,[]{}\'"\n\t$%@!&*|>01.yn~\\';
    for (let i = 0; i < 300; i++) {
      const s = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const doc = { [s]: s, list: [s, { [s]: [s] }] };
      expect(parse(emitYaml(doc)), JSON.stringify(s)).toEqual(doc);
    }
  });

  it('GIVEN a style hook THEN strings are quoted as asked; multi-line text becomes a literal block', () => {
    const text = emitYaml({ ports: ['127.0.0.1:80:80'], user: '1000:1000', script: 'echo a\necho b\n' }, (keys) => (keys.at(-1) === 'ports' ? 'single' : undefined));
    expect(text).toBe("ports:\n  - '127.0.0.1:80:80'\nuser: 1000:1000\nscript: |\n  echo a\n  echo b\n");
  });

  it('GIVEN plain-looking scalars THEN only unambiguous ones stay plain', () => {
    expect(['api', 'no-new-privileges:true', '-c', 'http://x:1/y'].every(isPlainSafe)).toBe(true);
    expect(['yes', '3000', '1:30', 'a: b', '- x', '{x}'].some(isPlainSafe)).toBe(false);
  });
});
