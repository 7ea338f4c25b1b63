import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { App, Postgres, Service, Testing } from '../src/index.js';

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'core.excludesFile=/dev/null', ...args], { cwd, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('.gitignore of the output folder', () => {
  test('GIVEN a synthesized folder in a git repository WHEN the operator adds .env, dumps and releases THEN git sees only the generated files', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { version: '16' });
    new Service(app, 'api', { image: 'nginx:1.27', port: 80, env: { DATABASE_URL: db.url } });
    const out = Testing.synth(app);
    expect(out.files['.gitignore']).toContain('\n.env\n.env.*\n!.env.example\n');

    const repo = mkdtempSync(join(tmpdir(), 'slipway-gitignore-'));
    git(repo, 'init', '-q');
    const deploy = join(repo, 'deploy');
    for (const [path, content] of Object.entries(out.files)) {
      mkdirSync(dirname(join(deploy, path)), { recursive: true });
      writeFileSync(join(deploy, path), content);
    }
    const secrets = ['.env', '.env.production', '.env.aB12cD', 'backups/db/db-20250101-030000.dump', '.releases/current'];
    for (const path of secrets) {
      mkdirSync(dirname(join(deploy, path)), { recursive: true });
      writeFileSync(join(deploy, path), 'DB_PASSWORD=real\n');
    }
    const seen = git(repo, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).map((l) => l.slice(3)).sort();
    expect(seen).toEqual(Object.keys(out.files).map((p) => `deploy/${p}`).sort());
    expect(seen).toContain('deploy/.gitignore');
    expect(seen).toContain('deploy/.env.example');
  });
});
