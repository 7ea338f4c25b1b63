import { describe, expect, it } from 'vitest';
import { endWithOneNewline } from '../src/files/_newlines.js';

describe('endWithOneNewline', () => {
  it('GIVEN texts with no, one or many trailing newlines THEN the result equals the regex it replaces', () => {
    const texts = ['', '\n', '\n\n\n', 'a', 'a\n', 'a\n\n', 'a\nb', 'a\n\nb\n\n\n', '\nlead', 'x\r\n', 'x\n\r', 'tab\t\n', 'ünï\n\n', `${'line\n'.repeat(1000)}\n\n`];
    for (const t of texts) expect(endWithOneNewline(t)).toBe(t.replace(/\n*$/, '\n'));
  });

  it('GIVEN a text that ends with exactly one newline THEN it comes back unchanged', () => {
    const text = 'server {\n  listen 80;\n}\n';
    expect(endWithOneNewline(text)).toBe(text);
  });
});
