import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickInfra, synth, SYNTH_BIN, scratchWorkspaces } from '../_support/workspace.js';

/** The output folder belongs to synth only as far as the manifest validly says so; failures are one line. */
const ws = scratchWorkspaces();

const NO_TRACE = /node:internal|\n\s+at |Node\.js v/;
const HOST = "new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0123456789abcdefghij a@b'], sshAllowFrom: ['203.0.113.7'], ipv4: '192.0.2.10' });";
const withHost = (extra = HOST) => quickInfra({ extra }).replace('import { App,', 'import { App, Host,');
const DOCKERFILE = (fileName: string) => `const df = new Dockerfile(app, 'img'${fileName ? `, { fileName: '${fileName}' }` : ''});
df.stage('runtime', 'node:22.14.0-bookworm-slim').workdir('/app').copy(['.'], '.').user('1000:1000').cmd(['node', 'main.js']);
new Service(app, 'web', { build: df.toBuildOptions(), port: 3000, healthCheck: HealthCheck.http(3000, '/health') });`;
const withDockerfile = (fileName = '') => quickInfra({ extra: DOCKERFILE(fileName) }).replace('import { App,', 'import { App, Dockerfile,');

function editManifest(dir: string, edit: (files: Record<string, string>) => void): void {
  const path = join(dir, 'deploy/.slipway-manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  edit(m.files);
  writeFileSync(path, JSON.stringify(m, null, 2));
}

describe('the output folder', () => {
  it('GIVEN a manifest edited to list .env and ../victim.txt THEN synth deletes neither and says so', () => {
    const dir = ws({ 'infra.ts': quickInfra(), 'victim.txt': 'mine\n' });
    expect(synth(dir).code).toBe(0);
    writeFileSync(join(dir, 'deploy/.env'), 'DB_PASSWORD=real\n');
    const any = 'a'.repeat(64);
    editManifest(dir, (f) => Object.assign(f, { '.env': any, '../victim.txt': any }));
    const r = synth(dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'deploy/.env'), 'utf8')).toBe('DB_PASSWORD=real\n');
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('mine\n');
    expect(r.stderr).toContain('lists "../victim.txt", which leaves the output folder (".."); synth left it alone.');
    expect(r.stderr).toContain('lists ".env", which is a real secrets file name');
  });

  it('GIVEN a generated Dockerfile edited by hand, then its construct removed THEN the file is kept and reported', () => {
    const dir = ws({ 'infra.ts': withDockerfile() });
    expect(synth(dir).code).toBe(0);
    const path = join(dir, 'deploy/img.Dockerfile');
    writeFileSync(path, `${readFileSync(path, 'utf8')}# tuned by hand\n`);
    writeFileSync(join(dir, 'infra.ts'), quickInfra());
    const r = synth(dir);
    expect(r.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('# tuned by hand');
    expect(r.stderr).toContain('note: kept deploy/img.Dockerfile: no longer produced, but edited by hand');
    expect(existsSync(join(dir, 'deploy/img.Dockerfile.dockerignore'))).toBe(false); // unedited: removed
    expect(synth(dir, ['--check']).code).toBe(0); // no longer managed: the user's file now
  });

  it('GIVEN an old manifest listing ../Dockerfile (written outside the folder), edited, construct removed THEN it is kept', () => {
    const dir = ws({ 'infra.ts': quickInfra(), Dockerfile: 'FROM node:22\n# edited\n' });
    expect(synth(dir).code).toBe(0);
    editManifest(dir, (f) => (f['../Dockerfile'] = 'b'.repeat(64)));
    const r = synth(dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:22\n# edited\n');
    expect(r.stderr).toContain('lists "../Dockerfile"');
  });

  it('GIVEN a Dockerfile fileName outside the output folder THEN an error naming the construct and the fix; nothing written', () => {
    const dir = ws({ 'infra.ts': withDockerfile('../../../x.Dockerfile') });
    const r = synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error shop/img: output file "../../../x.Dockerfile" leaves the output folder ("..").');
    expect(r.stderr).toContain('Fix: name it inside the output folder, e.g. "x.Dockerfile"');
    expect(existsSync(join(dir, 'deploy'))).toBe(false);
    expect(existsSync(join(dir, '../../../x.Dockerfile'))).toBe(false);
  });

  it('GIVEN a Host removed from infra.ts THEN its files are removed (no ENOENT crash)', () => {
    const dir = ws({ 'infra.ts': withHost() });
    expect(synth(dir).code).toBe(0);
    expect(existsSync(join(dir, 'deploy/host/bootstrap.sh'))).toBe(true);
    writeFileSync(join(dir, 'infra.ts'), withHost(''));
    const r = synth(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ removed/);
    expect(existsSync(join(dir, 'deploy/host'))).toBe(false);
  });

  it('GIVEN a corrupt manifest THEN synth and --check stop with one line and the fix (exit 1)', () => {
    const dir = ws({ 'infra.ts': quickInfra() });
    expect(synth(dir).code).toBe(0);
    writeFileSync(join(dir, 'deploy/.slipway-manifest.json'), '{"files": {"docker-compose.yml": ');
    for (const args of [[], ['--check']]) {
      const r = synth(dir, args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('synth: deploy/.slipway-manifest.json is corrupt (not valid JSON)');
      expect(r.stderr).toContain('Fix: restore it (git checkout -- deploy/.slipway-manifest.json)');
      expect(r.stderr).not.toMatch(NO_TRACE);
    }
  });

  it('GIVEN an output folder below a file THEN one line with the fix (exit 1), not a stack trace', () => {
    const dir = ws({ 'infra.ts': quickInfra(), 'build': 'a file\n' });
    const r = synth(dir, ['--out', 'build/deploy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^synth: cannot write build\/deploy\/: a file is where a folder should be \(ENOTDIR at build[^)]*\)[^\n]*Fix: move that file away/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });
});

/** Runs a shell script in a private mount namespace (mounts vanish with it); root only. */
function inMountNamespace(script: string, cwd: string) {
  return spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-ec', script], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', SYNTH: `${process.execPath} ${SYNTH_BIN}` },
  });
}
const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

describe.skipIf(!canMount)('the output folder on a full or read-only disk', () => {
  it('GIVEN a full disk (64 KiB tmpfs) THEN one line naming ENOSPC with the fix; the previous folder is intact', () => {
    const dir = ws({ 'infra.ts': quickInfra(), mnt: '' });
    rmSync(join(dir, 'mnt'));
    const big = quickInfra({ extra: `new Service(app, 'big', { image: 'x/big:1.0.0', env: { PAD: '${'x'.repeat(70_000)}' } });` });
    const r = inMountNamespace(
      `mkdir mnt; mount -t tmpfs -o size=64k tmpfs mnt
       $SYNTH --out mnt/deploy >/dev/null
       cp -a mnt/deploy before
       cat > infra.ts <<'EOF'\n${big}\nEOF
       code=0; $SYNTH --out mnt/deploy || code=$?
       echo "exit=$code" >&2
       diff -r before mnt/deploy >&2 && echo same >&2
       ls -a mnt >&2`,
      dir,
    );
    expect(r.stderr).toMatch(/synth: cannot write mnt\/deploy\/: the disk is full \(ENOSPC[^)]*\)[^\n]*Fix: free some space/);
    expect(r.stderr).toContain('exit=1');
    expect(r.stderr).toContain('same');
    expect(r.stderr).not.toContain('slipway-staging');
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it('GIVEN a read-only file system THEN one line naming EROFS with the fix (exit 1)', () => {
    const dir = ws({ 'infra.ts': quickInfra() });
    const r = inMountNamespace(
      `mkdir mnt; mount -t tmpfs -o size=1m tmpfs mnt
       $SYNTH --out mnt/deploy >/dev/null
       mount -o remount,ro mnt
       sed -i 's/api:1.0.0/api:1.0.1/' infra.ts
       code=0; $SYNTH --out mnt/deploy || code=$?
       echo "exit=$code" >&2`,
      dir,
    );
    expect(r.stderr).toMatch(/synth: cannot write mnt\/deploy\/: the file system is read-only \(EROFS[^)]*\)[^\n]*Fix: write to a writable folder/);
    expect(r.stderr).toContain('exit=1');
    expect(r.stderr).not.toMatch(NO_TRACE);
  });
});

const canChattr = process.getuid?.() === 0 && spawnSync('chattr', ['-V'], { encoding: 'utf8' }).status !== null;

describe.skipIf(!canChattr)('an immutable output folder (chattr +i)', () => {
  it('GIVEN a folder synth may not change THEN one line naming EPERM with the fix (exit 1); the folder is intact, no staging left', () => {
    const dir = ws({ 'infra.ts': quickInfra() });
    expect(synth(dir).code).toBe(0);
    const compose = readFileSync(join(dir, 'deploy/docker-compose.yml'), 'utf8');
    writeFileSync(join(dir, 'infra.ts'), quickInfra({ image: 'ghcr.io/acme/api:1.0.1' }));
    if (spawnSync('chattr', ['+i', join(dir, 'deploy')]).status !== 0) return; // file system without attributes
    try {
      const r = synth(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^synth: cannot write deploy\/: operation not permitted[^\n]*\(EPERM[^)]*\)[^\n]*Fix: make the folder writable/);
      expect(r.stderr).not.toMatch(NO_TRACE);
    } finally {
      spawnSync('chattr', ['-i', join(dir, 'deploy')]);
    }
    expect(readFileSync(join(dir, 'deploy/docker-compose.yml'), 'utf8')).toBe(compose);
    expect(readdirSync(dir).filter((n) => n.includes('slipway'))).toEqual([]);
  });
});
