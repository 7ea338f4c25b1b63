import { App, HealthCheck, Service, Testing } from '@slipway/constructs';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { has, run } from './_support.js';

// ./deploy.sh --host against a real OpenSSH server (Debian's openssh-server, installed by
// scripts/ensure-tools.sh) started by this test on a loopback port with throwaway keys, and
// stopped by its PID. The server side runs deploy.sh with the stand-in docker (fake-docker.sh),
// put first on PATH by the key's environment= option: what is proven is the SSH part (pre-flight,
// copy of the folder and its build context, remote run, streamed output, exit status), not Docker.
const HERE = dirname(fileURLToPath(import.meta.url));
const SSHD = '/usr/sbin/sshd';
const usable = existsSync(SSHD) && has('ssh') && has('ssh-keygen') && process.getuid?.() === 0;

const root = mkdtempSync(join(tmpdir(), 'slipway-remote-'));
const laptop = join(root, 'laptop/shop');
const server = join(root, 'server');
const keys = join(root, 'keys');
let sshd: ChildProcess | undefined;
let port = 0;

function app(): App {
  // No Domain: nothing published on the host, so pre-flight does not depend on free ports here.
  const a = new App({ name: 'shop', mode: 'local' });
  new Service(a, 'api', { build: { context: './api' }, port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  return a;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

async function listening(p: number, tries = 50): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(p, '127.0.0.1', () => (c.end(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function sshOpts(key: string): string {
  return `-p ${port} -i ${join(keys, key)} -F /dev/null -o IdentitiesOnly=yes -o UserKnownHostsFile=${join(keys, 'known_hosts')} -o StrictHostKeyChecking=accept-new -o ConnectTimeout=5`;
}

function deploy(key: string, args: string[] = []) {
  return run('bash', ['deploy.sh', '--host', 'root@127.0.0.1', ...args], {
    cwd: join(laptop, 'deploy'),
    env: { ...process.env, SSH_OPTS: sshOpts(key), REMOTE_DIR: server },
    timeout: 110_000,
  });
}

// Each test runs deploy.sh over SSH (and the stand-in docker on the far side): slow on a loaded machine.
describe.skipIf(!usable)('deploy.sh --host over a real sshd', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // The laptop: the synthesized folder and the build context beside it.
    const out = Testing.synth(app());
    for (const [path, content] of Object.entries(out.files)) {
      mkdirSync(dirname(join(laptop, 'deploy', path)), { recursive: true });
      writeFileSync(join(laptop, 'deploy', path), content);
      chmodSync(join(laptop, 'deploy', path), out.modes[path] ?? 0o644);
    }
    mkdirSync(join(laptop, 'api/node_modules'), { recursive: true });
    writeFileSync(join(laptop, 'api/server.js'), 'console.log("api")\n');
    writeFileSync(join(laptop, 'api/node_modules/big.js'), 'x\n');
    writeFileSync(join(laptop, 'deploy/.env'), 'FROM=laptop\n');
    mkdirSync(join(laptop, 'deploy/.releases/old'), { recursive: true });
    // The server: its own .env (secrets stay there), the stand-in docker on the login's PATH.
    mkdirSync(join(server, 'deploy'), { recursive: true });
    writeFileSync(join(server, 'deploy/.env'), 'FROM=server\n');
    const bin = join(root, 'server-bin');
    mkdirSync(bin);
    symlinkSync(join(HERE, 'fake-docker.sh'), join(bin, 'docker'));
    // sshd with throwaway host and user keys, on a loopback port.
    mkdirSync(keys, { mode: 0o700 });
    for (const k of ['host', 'ok', 'no-compose', 'stranger']) {
      expect(run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', k, '-f', join(keys, k)]).status).toBe(0);
    }
    const env = (extra: string) =>
      `environment="PATH=${bin}:/usr/bin:/bin",environment="FAKE_DOCKER_LOG=${join(root, 'docker-calls')}",environment="MIN_FREE_MB=1",environment="HEALTH_POLL=0.1"${extra}`;
    writeFileSync(join(keys, 'authorized_keys'), [
      `${env('')} ${readFileSync(join(keys, 'ok.pub'), 'utf8').trim()}`,
      `${env(',environment="FAKE_NO_COMPOSE=1"')} ${readFileSync(join(keys, 'no-compose.pub'), 'utf8').trim()}`,
    ].join('\n') + '\n', { mode: 0o600 });
    writeFileSync(join(root, 'docker-calls'), '');
    port = await freePort();
    writeFileSync(join(keys, 'sshd_config'), [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(keys, 'host')}`, `PidFile ${join(keys, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(keys, 'authorized_keys')}`, 'PermitUserEnvironment yes', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PermitRootLogin prohibit-password', 'LogLevel ERROR',
    ].join('\n') + '\n');
    mkdirSync('/run/sshd', { recursive: true });
    sshd = spawn(SSHD, ['-D', '-e', '-f', join(keys, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    sshd.stderr!.on('data', (d) => (log += d));
    if (!(await listening(port))) throw new Error(`sshd did not listen on ${port}: ${log}`);
  }, 60_000);

  afterAll(() => {
    if (sshd?.pid && sshd.exitCode === null) process.kill(sshd.pid, 'SIGTERM');
    rmSync(root, { recursive: true, force: true });
  });

  test('GIVEN a ready server WHEN deploy.sh --host runs THEN the folder and its build context are copied, the release runs there and its output streams back', () => {
    const r = deploy('ok');
    expect(r.stderr + r.stdout).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`[deploy] copying deploy api to root@127.0.0.1:${server}`);
    expect(r.stdout).toMatch(/\[deploy\] release \S+ is live/); // printed by deploy.sh on the server
    expect(readFileSync(join(server, 'deploy/docker-compose.yml'), 'utf8')).toContain('context: ../api');
    expect(readFileSync(join(server, 'api/server.js'), 'utf8')).toBe('console.log("api")\n');
    // Never copied: the laptop's .env, releases, and dependencies of the sources.
    expect(readFileSync(join(server, 'deploy/.env'), 'utf8')).toBe('FROM=server\n');
    expect(existsSync(join(server, 'deploy/.releases/old'))).toBe(false);
    expect(existsSync(join(server, 'api/node_modules'))).toBe(false);
    expect(existsSync(join(server, 'deploy/.releases/current'))).toBe(true);
  });

  test('GIVEN a command that fails on the server THEN its message comes back and deploy.sh exits with its status', () => {
    const r = deploy('ok', ['rollback', 'no-such-release']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('release no-such-release not found');
  });

  test('GIVEN a server without the Compose plugin THEN pre-flight says so before copying anything', () => {
    const r = deploy('no-compose', ['releases']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('root@127.0.0.1 is not ready: the Docker Compose plugin is missing (apt-get install docker-compose-plugin);');
    expect(r.stdout).not.toContain('copying');
  });

  test('GIVEN a key the server does not accept THEN it says how to fix the login', () => {
    const r = deploy('stranger');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot log in to root@127.0.0.1 over SSH without a prompt');
  });
});
