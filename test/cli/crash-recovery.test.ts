import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickInfra, synth, SYNTH_BIN, scratchWorkspaces } from '../_support/workspace.js';

/**
 * kill -9 at every file-system change of a write (the SLIPWAY_TEST_CRASH_AT test hook of
 * core/src/output/crash-hook.ts), on the real CLI: afterwards `synth --check` must first finish or
 * drop the interrupted write, find the folder entirely old or entirely new, and say which.
 */
const ws = scratchWorkspaces();

const HOST = "new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0123456789abcdefghij a@b'], sshAllowFrom: ['203.0.113.7'], ipv4: '192.0.2.10' });";
// Old: a Host (two files in host/). New: another image, no Host (orphans), a Secret (files change).
const OLD = quickInfra({ extra: HOST }).replace('import { App,', 'import { App, Host,');
const NEW = quickInfra({ image: 'ghcr.io/acme/api:2.0.0', extra: "new Secret(app, 'api-key', { generate: 'hex-32' });" }).replace('import { App,', 'import { App, Secret,');

/** Every file and folder under `dir`, with mode and content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      out[relative(dir, p)] = st.isDirectory() ? 'dir' : `${(st.mode & 0o777).toString(8)} ${readFileSync(p, 'utf8')}`;
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function synthCrashingAt(cwd: string, n: number) {
  return spawnSync(process.execPath, [SYNTH_BIN], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, FORCE_COLOR: '0', SLIPWAY_TEST_CRASH_AT: String(n) } });
}

describe('kill -9 during a write', () => {
  it('GIVEN a crash at each write/rename point THEN the next --check finishes or drops it, finds all-old or all-new, and is honest', { timeout: 600_000 }, () => {
    const template = ws({ 'infra.ts': OLD });
    expect(synth(template).code).toBe(0);
    writeFileSync(join(template, 'deploy/.env'), 'DB_PASSWORD=real\n'); // not Slipway's: must survive
    const before = snapshot(join(template, 'deploy'));
    const reference = ws({ 'infra.ts': NEW });
    expect(synth(reference).code).toBe(0);
    writeFileSync(join(reference, 'deploy/.env'), 'DB_PASSWORD=real\n');
    const after = snapshot(join(reference, 'deploy'));
    expect(after).not.toEqual(before);

    const seen = { old: 0, new: 0 };
    let n = 1;
    for (; n < 200; n++) {
      const dir = ws({ 'infra.ts': NEW });
      cpSync(join(template, 'deploy'), join(dir, 'deploy'), { recursive: true });
      const crashed = synthCrashingAt(dir, n);
      if (crashed.status === 0) break; // n is past the last point: every point was covered
      expect(crashed.signal, `point ${n}: ${crashed.stderr}`).toBe('SIGKILL');

      const check = synth(dir, ['--check']);
      const state = snapshot(join(dir, 'deploy'));
      const isNew = JSON.stringify(state) === JSON.stringify(after);
      expect([before, after], `point ${n}: the folder is neither old nor new`).toContainEqual(state);
      seen[isNew ? 'new' : 'old']++;
      expect(check.code, `point ${n}: --check must pass only on the new folder\n${check.stdout}${check.stderr}`).toBe(isNew ? 0 : 1);
      if (!isNew) expect(check.stderr).toContain('docker-compose.yml: stale');
      expect(readdirSync(dir).filter((e) => e.includes('slipway')), `point ${n}: leftovers`).toEqual([]);

      expect(synth(dir).code).toBe(0);
      expect(snapshot(join(dir, 'deploy')), `point ${n}`).toEqual(after);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(n).toBeGreaterThan(20); // the write really has that many points
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.new).toBeGreaterThan(0);
  });
});
