import { envComment, quoteEnv } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { caddyQuoted, caddyStringProblem } from '../src/formats/caddyfile.js';
import { composeLiteral, composeUnescape } from '../src/formats/compose.js';
import { dockerfileValue, dockerfileValueProblem } from '../src/formats/dockerfile.js';
import { nginxQuoted, nginxStringProblem } from '../src/formats/nginx.js';
import { sh, shCommand, shInDoubleQuotes, shQuoted } from '../src/formats/shell.js';
import { shown, singleLineProblem } from '../src/formats/text.js';

describe('one quoting function per format', () => {
  it('GIVEN nginx values THEN quotes and backslashes are escaped, $ and line breaks refused', () => {
    expect(nginxQuoted('a "b" \\ c; } {')).toBe('"a \\"b\\" \\\\ c; } {"');
    expect(nginxStringProblem('$host')).toContain('variable');
    expect(nginxStringProblem('a\nb')).toContain('U+000A');
    expect(nginxStringProblem('x'.repeat(3000))).toContain('2048');
    expect(() => nginxQuoted('$x')).toThrow(/internal/);
  });

  it('GIVEN Caddyfile values THEN quotes are escaped, placeholders and backslashes refused', () => {
    expect(caddyQuoted('self "https://a.example"')).toBe('"self \\"https://a.example\\""');
    expect(caddyStringProblem('{$HOME}')).toContain('placeholder');
    expect(caddyStringProblem('a\\b')).toContain('backslash');
    expect(caddyStringProblem('a\u2028b')).toContain('U+2028');
  });

  it('GIVEN Compose text THEN $ doubles, and back', () => {
    expect(composeLiteral('costs $5 ${X}')).toBe('costs $$5 $${X}');
    expect(composeUnescape(composeLiteral('a$$b$c'))).toBe('a$$b$c');
  });

  it('GIVEN shell words THEN single quotes hold anything but NUL', () => {
    expect(sh('plain-word_1.2:x')).toBe('plain-word_1.2:x');
    expect(sh("it's $(x) `y`\n;")).toBe("'it'\\''s $(x) `y`\n;'");
    expect(sh('')).toBe("''");
    expect(shQuoted('ops@example.com')).toBe("'ops@example.com'");
    expect(shCommand(['exec', 'a b', "c'd"])).toBe("exec 'a b' 'c'\\''d'");
    expect(shInDoubleQuotes('a"b$c`d\\e')).toBe('a\\"b\\$c\\`d\\\\e');
    expect(() => sh('a\u0000b')).toThrow(/NUL/);
  });

  it('GIVEN Dockerfile values THEN they stay on one line', () => {
    expect(dockerfileValue('production')).toBe('production');
    expect(dockerfileValue('a "b" $HOME')).toBe('"a \\"b\\" $HOME"');
    expect(dockerfileValue('x', true)).toBe('"x"');
    expect(dockerfileValueProblem('ok\nUSER root')).toContain('U+000A');
    expect(() => dockerfileValue('ok\rUSER root')).toThrow(/internal/);
  });

  it('GIVEN dotenv comments THEN every kind of line break starts a new comment line', () => {
    expect(envComment('a\nDB_PASSWORD=hunter2\rB\u2028C\u2029D\u0085E\u0000F')).toEqual(['# a', '# DB_PASSWORD=hunter2', '# B', '# C', '# D', '# EF']);
    expect(quoteEnv("it's")).toBe('"it\'s"');
  });

  it('GIVEN text in a message THEN controls are visible and long values cut', () => {
    expect(singleLineProblem('fine')).toBeUndefined();
    expect(singleLineProblem('\t')).toContain('U+0009');
    expect(shown('a\nb')).toBe('"a\\nb"');
    expect(shown('x'.repeat(200)).length).toBeLessThanOrEqual(80);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(shown(circular)).toBe('[object Object]');
  });
});
