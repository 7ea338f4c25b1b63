import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../_support/workspace.js';

/** The three publishable packages, in dependency order. */
export const PACKAGES = ['core', 'constructs', 'presets'] as const;

/** Environment for a nested npm/pnpm: without the npm_* variables of the `pnpm test` that runs us. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/i.test(k)));
  return { ...env, FORCE_COLOR: '0', NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' };
}

/** Runs a command; on failure the error carries its output. */
export function run(cmd: string, args: readonly string[], cwd: string, timeout = 90_000): string {
  try {
    return execFileSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Like {@link run}, without blocking: the npm and pnpm installs run side by side. */
export function runAsync(cmd: string, args: readonly string[], cwd: string, timeout = 120_000): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${error.message}\n${stdout}\n${stderr}`));
      else ok(`${stdout}${stderr}`);
    });
  });
}

/** `pnpm pack` of each built package into a fresh temp folder; returns tarball paths by package name. */
export function packAll(): Record<string, string> {
  const dest = mkdtempSync(join(tmpdir(), 'slipway-pack-'));
  const out: Record<string, string> = {};
  run('pnpm', ['-r', '--filter', './packages/*', 'pack', '--pack-destination', dest], ROOT);
  for (const p of PACKAGES) out[`@slipway/${p}`] = join(dest, readdirSync(dest).find((f) => f.startsWith(`slipway-${p}-`))!);
  return out;
}

/** Version of a dev tool the workspace already installed, so the consumer install hits the cache. */
export function workspaceVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A fresh project outside the workspace (nothing resolves through its node_modules). */
export function consumerProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-consumer-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
