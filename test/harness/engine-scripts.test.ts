import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../_support/workspace.js';

// The engine harness is shell: shellcheck it like the scripts Slipway generates.
const ENGINE = join(ROOT, 'scripts/engine');
const files = [
  'engine.sh',
  ...readdirSync(join(ENGINE, 'lib')).map((f) => `lib/${f}`),
  ...readdirSync(join(ENGINE, 'images')).flatMap((d) => readdirSync(join(ENGINE, 'images', d)).filter((f) => f.endsWith('.sh')).map((f) => `images/${d}/${f}`)),
];

describe('scripts/engine', () => {
  it('GIVEN the harness scripts THEN shellcheck finds nothing', () => {
    const r = spawnSync('shellcheck', ['-x', '-P', 'SCRIPTDIR', '-e', 'SC1091', ...files], { cwd: ENGINE, encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
