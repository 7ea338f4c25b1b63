import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Where scripts/engine/engine.sh keeps the private engine (SLIPWAY_ENGINE_DIR). */
export const ENGINE_DIR = process.env.SLIPWAY_ENGINE_DIR ?? '/var/cache/slipway-engine';
/** The test CA: the local registry's certificate and the test sites' certificates come from it. */
export const TEST_CA = join(ENGINE_DIR, 'pki/ca.crt');

/** Points the docker CLI (and the scripts that call it) at the private engine. */
export const ENGINE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  DOCKER_HOST: `unix://${ENGINE_DIR}/run/docker.sock`,
  DOCKER_CONFIG: join(ENGINE_DIR, 'docker-config'),
  FORCE_COLOR: '0',
};

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Bound on the whole command. @default 300_000 */
  readonly timeoutMs?: number;
  readonly input?: string;
}

/** Runs a command against the private engine, bounded in time; never throws. */
export function run(cmd: string, args: readonly string[], o: RunOptions = {}): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: o.cwd,
    env: { ...ENGINE_ENV, ...o.env },
    encoding: 'utf8',
    input: o.input ?? '',
    timeout: o.timeoutMs ?? 300_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? `\n${r.error.message}` : '') };
}

/** A bash script against the private engine. */
export function sh(script: string, o: RunOptions = {}): RunResult {
  return run('bash', ['-c', script], o);
}

/** Like `sh`, but fails (with the command's output) unless it exits 0; returns stdout. */
export function must(script: string, o: RunOptions = {}): string {
  const r = sh(script, o);
  if (r.code !== 0) throw new Error(`command failed (exit ${r.code}): ${script}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`);
  return r.stdout;
}

export function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Polls `probe` until it returns true, at most `tries` times, `ms` apart. */
export async function eventually(probe: () => boolean, tries = 60, ms = 1000): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, ms));
  }
  return false;
}
