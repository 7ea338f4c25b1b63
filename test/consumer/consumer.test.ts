import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, packAll, run, runAsync, workspaceVersion } from './_pack.js';

// A stranger's project: the packed tarballs installed with npm and with pnpm into a temp folder
// outside the workspace, then `synth` and `tsc --noEmit` there. Needs `pnpm build` first.

const INFRA = `import { App, Postgres, Redis } from '@slipway/constructs';
import { Express } from '@slipway/presets';

const app = new App({ name: 'shop' });
const db = new Postgres(app, 'db', { version: '16' });
const cache = new Redis(app, 'cache');
new Express(app, 'api', { source: './api', env: { DATABASE_URL: db.url, REDIS_URL: cache.url } });
app.synth();
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
  include: ['infra.ts'],
});

const API = {
  'api/package.json': JSON.stringify({ name: 'api', version: '1.0.0', main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } }),
  'api/package-lock.json': JSON.stringify({ name: 'api', lockfileVersion: 3, requires: true, packages: {} }),
  'api/server.js': "require('express')().get('/health', (_q, r) => r.send('ok')).listen(3000);\n",
};

const dirs: string[] = [];
let tarballs: Record<string, string>;
const projects: { npm?: string; pnpm?: string } = {};
const publishChecks: string[] = [];
const devTools = () => [`typescript@${workspaceVersion('typescript')}`, `@types/node@${workspaceVersion('@types/node')}`];

function project(pkg: object): string {
  const dir = consumerProject({ 'package.json': JSON.stringify(pkg, null, 2), 'infra.ts': INFRA, 'tsconfig.json': TSCONFIG, ...API });
  dirs.push(dir);
  return dir;
}

// Pack once, then install with npm and with pnpm side by side (and dry-run the publication).
beforeAll(async () => {
  tarballs = packAll();
  dirs.push(join(Object.values(tarballs)[0]!, '..'));
  const npmDir = project({ name: 'npm-consumer', private: true, type: 'module' });
  const overrides = Object.fromEntries(Object.entries(tarballs).map(([n, t]) => [n, `file:${t}`]));
  const pnpmDir = project({ name: 'pnpm-consumer', private: true, type: 'module', pnpm: { overrides, onlyBuiltDependencies: ['esbuild'] } });
  const [, , ...published] = await Promise.all([
    runAsync('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', ...Object.values(tarballs), ...devTools()], npmDir).then(() => (projects.npm = npmDir)),
    runAsync('pnpm', ['add', '--save-dev', '--prefer-offline', ...Object.keys(tarballs), ...devTools()], pnpmDir).then(() => (projects.pnpm = pnpmDir)),
    ...Object.values(tarballs).map((t) => runAsync('npm', ['publish', t, '--dry-run'], dirname(t))),
  ]);
  publishChecks.push(...published);
}, 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function synthesizesAndTypeChecks(dir: string): void {
  const out = run(join(dir, 'node_modules/.bin/synth'), [], dir);
  expect(out).toMatch(/✔ Synthesized \d+ files into deploy\//);
  run(join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], dir);
  const compose = readFileSync(join(dir, 'deploy/docker-compose.yml'), 'utf8');
  expect(compose).toMatch(/^ {2}db:\n {4}image: postgres:16/m);
  expect(compose).toMatch(/^ {2}cache:\n {4}image: redis:/m);
  expect(compose).toContain('dockerfile: ../deploy/api.Dockerfile');
  expect(existsSync(join(dir, 'deploy/api.Dockerfile'))).toBe(true);
  expect(readFileSync(join(dir, 'deploy/.env.example'), 'utf8')).toContain('DB_PASSWORD');
  expect(run(join(dir, 'node_modules/.bin/synth'), ['--version'], dir)).toMatch(/^synth \(Slipway\) \d+\.\d+\.\d+/);
  // init loads @slipway/presets at run time, as this project resolves it.
  expect(run(join(dir, 'node_modules/.bin/synth'), ['init', '--dry-run'], dir)).toContain("new Express(app, 'api', {\n  source: './api',");
}

// Each runs synth three times and tsc once in a fresh project: minutes on a busy machine.
const TOOLS_TIMEOUT_MS = 240_000;

describe('installing the packed packages in a project outside the workspace', () => {
  it('GIVEN npm THEN install, npx synth (and synth init) and tsc --noEmit succeed', () => {
    synthesizesAndTypeChecks(projects.npm!);
  }, TOOLS_TIMEOUT_MS);

  it('GIVEN pnpm (overrides pin the tarballs for the packages’ own dependencies) THEN install, synth and tsc succeed', () => {
    synthesizesAndTypeChecks(projects.pnpm!);
  }, TOOLS_TIMEOUT_MS);

  it('GIVEN npm publish --dry-run on each tarball THEN it would publish with no warning but the missing login', () => {
    expect(publishChecks).toHaveLength(3);
    for (const out of publishChecks) {
      expect(out).toMatch(/\+ @slipway\/(core|constructs|presets)@\d+\.\d+\.\d+/);
      expect(out.split('\n').filter((l) => /warn/i.test(l) && !/requires you to be logged in/.test(l))).toEqual([]);
    }
  });
});
