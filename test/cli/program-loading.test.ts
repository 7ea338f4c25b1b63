import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { quickInfra, synth, SYNTH_BIN, scratchWorkspaces } from '../_support/workspace.js';

/** The program runs from a temporary module outside its folder, which is never left behind. */
const ws = scratchWorkspaces();

const MODULES = join(tmpdir(), `slipway-${process.getuid?.() ?? 0}`);
const leftovers = (pid: number | undefined) => (existsSync(MODULES) ? readdirSync(MODULES).filter((n) => n.startsWith(`program-${pid}-`)) : []);

describe('running the program', () => {
  it('GIVEN a run THEN nothing is written beside infra.ts, and the program sees its own import.meta.url', () => {
    const dir = ws({ 'infra.ts': quickInfra({ extra: "console.log('url', import.meta.url, import.meta.dirname);" }) });
    const r = synth(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`url file://${dir}/infra.ts ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(['deploy', 'infra.ts']);
  });

  it('GIVEN a program that throws THEN its temporary module is removed too', () => {
    const dir = ws({ 'infra.ts': quickInfra({ extra: "throw new Error('no');" }) });
    const r = spawnSync(process.execPath, [SYNTH_BIN], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(leftovers(r.pid)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['infra.ts']);
  });

  it('GIVEN a run killed with SIGKILL while the program runs THEN the next run removes its temporary module', () => {
    const dir = ws({ 'infra.ts': quickInfra({ extra: "process.kill(process.pid, 'SIGKILL');" }) });
    const killed = spawnSync(process.execPath, [SYNTH_BIN], { cwd: dir, encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    expect(leftovers(killed.pid)).toHaveLength(1);
    synth(ws({ 'infra.ts': quickInfra() }));
    expect(leftovers(killed.pid)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['infra.ts']);
  });

  it('GIVEN modules an older synth left beside infra.ts by killed runs THEN they are removed', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dir = ws({ 'infra.ts': quickInfra(), [`.infra.ts.slipway-${dead}-1.mjs`]: 'export {};\n' });
    expect(synth(dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['deploy', 'infra.ts']);
  });

  it.skipIf(process.getuid?.() !== 0 || spawnSync('unshare', ['-m', 'true']).status !== 0)(
    'GIVEN a read-only source folder (read-only bind mount) THEN synth runs and writes elsewhere',
    () => {
      const dir = ws({ 'infra.ts': quickInfra() });
      const out = join(mkdtempSync(join(tmpdir(), 'slipway-ro-')), 'deploy');
      onTestFinished(() => rmSync(dirname(out), { recursive: true, force: true }));
      const r = spawnSync(
        'unshare',
        ['-m', '--propagation', 'private', 'sh', '-ec', `D="$PWD"; mount --bind "$D" "$D"; mount -o remount,bind,ro "$D"; cd "$D"; touch probe 2>/dev/null && echo writable; exec "${process.execPath}" "${SYNTH_BIN}" --out "${out}"`],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
      );
      expect(r.stdout).not.toContain('writable');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(join(out, 'docker-compose.yml'), 'utf8')).toContain('ghcr.io/acme/api:1.0.0');
    },
  );
});
