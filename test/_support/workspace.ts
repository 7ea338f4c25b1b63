import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built `synth` bin, run as a whole process like a user would. */
export const SYNTH_BIN = join(ROOT, 'packages/core/bin/synth.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A throwaway project folder inside the repository (so `@slipway/*` resolve through the
 * workspace's node_modules), holding the given files.
 */
export function workspace(files: Record<string, string>): string {
  const base = join(ROOT, 'test/.work');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'ws-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A `workspace` maker for one test file; every folder it made is removed after the file's tests. */
export function scratchWorkspaces(): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return (files) => {
    const d = workspace(files);
    dirs.push(d);
    return d;
  };
}

/** Runs `synth` in `cwd` and waits for it (bounded by a timeout). */
export function synth(cwd: string, args: readonly string[] = []): CliResult {
  const r = spawnSync(process.execPath, [SYNTH_BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `synth` without waiting, for `--watch`. */
export function startSynth(cwd: string, args: readonly string[]) {
  const child = spawn(process.execPath, [SYNTH_BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return {
    child,
    output: () => stdout + stderr,
    /** Resolves when the output matches, or rejects after `ms`. */
    waitFor(pattern: RegExp, ms = 15_000): Promise<void> {
      const started = Date.now();
      return new Promise((ok, fail) => {
        const tick = setInterval(() => {
          if (pattern.test(stdout + stderr)) {
            clearInterval(tick);
            ok();
          } else if (Date.now() - started > ms) {
            clearInterval(tick);
            fail(new Error(`timed out waiting for ${pattern}; output so far:\n${stdout}${stderr}`));
          }
        }, 50);
      });
    },
  };
}

/** A small valid stack, parameterised so tests can change it. */
export function quickInfra({ image = 'ghcr.io/acme/api:1.0.0', extra = '' } = {}): string {
  return `import { App, HealthCheck, Postgres, Service } from '@slipway/constructs';
const app = new App({ name: 'shop' });
const db = new Postgres(app, 'db', { database: 'shop', extensions: ['pgcrypto'] });
new Service(app, 'api', {
  image: '${image}',
  port: 3000,
  env: { DATABASE_URL: db.url },
  healthCheck: HealthCheck.http(3000, '/health'),
});
${extra}
app.synth();
`;
}
