import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../proxy/_files.js';
import { curl, TestNamespace } from '../proxy/namespace.js';
import { canRunNginx, serveCommittedNginx, type LiveNginx } from './_support/committed-nginx.js';
import { CommittedOutput } from './_support/committed-output.js';

// examples/terraproxi: a mobile backend on one server, the way the seed planned it step by step
// (host hardening, DNS, nginx + certbot, Compose with an internal database, admin access, updates
// that keep the data). These tests judge the committed deploy/ folder.
const out = new CommittedOutput('terraproxi');
const API = 'api.terraproxi.fr';
const FAKE_DOCKER = fileURLToPath(new URL('../ops/fake-docker.sh', import.meta.url));

describe('examples/terraproxi: the Compose stack (seed step 4)', () => {
  const compose = out.compose();
  const s = compose.services;

  it('GIVEN the backend THEN it is published on the server’s 127.0.0.1:3000 only, and only nginx faces the internet', () => {
    expect(s.backend!.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(s.proxy!.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
    for (const [name, svc] of Object.entries(s)) if (!['backend', 'proxy'].includes(name)) expect(svc.ports, name).toBeUndefined();
  });

  it('GIVEN PostgreSQL THEN no published port, an internal network shared with the backend, data on a named volume', () => {
    expect(s.postgres!.ports).toBeUndefined();
    expect(s.postgres!.networks).toEqual(['postgres-net']);
    expect(compose.networks).toEqual({ 'postgres-net': { internal: true } });
    expect([...s.backend!.networks!].sort()).toEqual(['default', 'postgres-net']);
    expect(s.postgres!.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(s.postgres!.environment).toMatchObject({ POSTGRES_DB: 'terraproxi', POSTGRES_USER: 'app_user' });
  });

  it('GIVEN the seed’s .env (DATABASE_URL, JWT_SECRET) THEN both come from .env, generated, never written in a file', () => {
    expect(s.backend!.environment!.DATABASE_URL).toBe(
      'postgresql://app_user:${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set: run ./init-secrets.sh or see .env.example}@postgres:5432/terraproxi',
    );
    expect(s.backend!.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    const example = out.text('.env.example');
    expect(example).toMatch(/^POSTGRES_PASSWORD=$/m);
    expect(example).toMatch(/^JWT_SECRET=$/m);
    expect(s.backend!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('GIVEN the project THEN its name is pinned, so volumes keep their names wherever the folder lives', () => {
    expect(out.text('docker-compose.yml')).toMatch(/^name: terraproxi$/m);
  });
});

describe('examples/terraproxi: nginx + certbot (seed step 3)', () => {
  const s = out.compose().services;

  it('GIVEN certbot THEN a service renews twice a day through the webroot and flags nginx to reload', () => {
    const loop = s.certbot!.entrypoint as unknown as string[];
    expect(loop.join(' ')).toContain('certbot renew --quiet --webroot -w /var/www/certbot --deploy-hook "touch /etc/letsencrypt/slipway-renewed"; sleep 12h');
    expect(s.proxy!.volumes).toContain('./nginx/reload-on-renew.sh:/docker-entrypoint.d/90-slipway-reload-on-renew.sh:ro');
    expect(out.text('nginx/reload-on-renew.sh')).toContain('nginx -c /etc/nginx/slipway/nginx.conf -s reload');
  });

  it('GIVEN init-ssl.sh THEN it asks Let’s Encrypt for api.terraproxi.fr with the team’s e-mail', () => {
    const script = out.text('init-ssl.sh');
    expect(script).toContain(`  '${API}'`);
    expect(script).toContain("email='admin@terraproxi.fr'");
    expect(script).toContain('certbot certonly --webroot');
  });
});

describe('examples/terraproxi: the host (seed step 1)', () => {
  const bootstrap = out.text('host/bootstrap.sh');

  it('GIVEN the firewall THEN 80/443 open, SSH only from the team’s addresses, everything else denied', () => {
    expect(bootstrap).toContain('ufw default deny incoming');
    expect(bootstrap).toContain('ufw allow 80/tcp');
    expect(bootstrap).toContain('ufw allow 443/tcp');
    expect(bootstrap).toContain('ufw allow from "$source" to any port 22 proto tcp');
    expect(bootstrap).toMatch(/203\.0\.113\.10/);
    expect(bootstrap).toMatch(/198\.51\.100\.23/);
    expect(bootstrap).not.toMatch(/ufw allow 22\b/);
  });

  it('GIVEN SSH THEN keys only, no root login, only the deploy user, and the config is checked before reload', () => {
    expect(bootstrap).toContain('PermitRootLogin no');
    expect(bootstrap).toContain('PasswordAuthentication no');
    expect(bootstrap).toContain('AllowUsers $DEPLOY_USER');
    expect(bootstrap.indexOf('sshd -t')).toBeGreaterThan(bootstrap.indexOf('PasswordAuthentication no'));
    expect(out.text('host/user-data.yaml')).toContain('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderReplaceWithYourOwnPublicKey0000 alice@terraproxi');
  });
});

describe('examples/terraproxi: image and scripts', () => {
  it('GIVEN the backend Dockerfile THEN dockerfile-utils finds nothing and it runs as uid 1000 with production dependencies only', () => {
    expect(out.dockerfiles()).toEqual(['backend.Dockerfile']);
    expect(out.lintDockerfile('backend.Dockerfile')).toEqual([]);
    const df = out.text('backend.Dockerfile');
    expect(df).toContain('npm prune --omit=dev');
    expect(df).toMatch(/^USER 1000:1000$/m);
    expect(df).toContain('CMD ["node", "src/server.js"]');
  });

  it('GIVEN every generated script THEN shellcheck finds nothing', () => {
    const scripts = out.scripts();
    expect(scripts).toEqual(expect.arrayContaining(['deploy.sh', 'host/bootstrap.sh', 'init-secrets.sh', 'init-ssl.sh', 'backup.sh', 'restore.sh']));
    for (const f of scripts) expect(out.shellcheck(f), f).toBe('');
  });
});

describe('examples/terraproxi: DEPLOY.md', () => {
  const md = out.text('DEPLOY.md');

  it('GIVEN the seed’s DNS step THEN an A record for api.terraproxi.fr to the server, with a dig check', () => {
    expect(md).toContain(`| A | ${API} | 192.0.2.10 |`);
    expect(md).toContain(`dig +short A ${API}`);
  });

  it('GIVEN the seed’s checks THEN the runbook has the firewall rules, the ports table, both curls and the certificate dates', () => {
    expect(md).toContain('**22/tcp** only from `203.0.113.10`, `198.51.100.23`, **80/tcp** and **443/tcp** open, everything else closed');
    expect(md).toContain('| backend | 127.0.0.1 | 3000/tcp | 3000 | this server only (SSH tunnel) |');
    expect(md).toContain('curl -fsS http://127.0.0.1:3000/health');
    expect(md).toContain(`curl -sI http://${API}/ | grep -i '^location: https://'`);
    expect(md).toContain(`openssl s_client -connect ${API}:443`);
    expect(md).toContain('rsync -av --exclude .env --exclude .releases --exclude backups ./ deploy@192.0.2.10:/opt/terraproxi/');
  });

  it('GIVEN the seed’s step 5 THEN psql through docker exec is documented, from the laptop and on the server, without opening a port', () => {
    expect(md).toContain("ssh -t deploy@192.0.2.10 'cd /opt/terraproxi && docker compose exec postgres psql -U app_user -d terraproxi'");
    expect(md).toContain('docker compose exec postgres psql -U app_user -d terraproxi   # on the server, in /opt/terraproxi');
    expect(md).toContain('nothing listens on the server\'s localhost:5432 while the database publishes no port');
  });

  it('GIVEN the seed’s step 6 THEN the runbook says how an update keeps the data and how to check it', () => {
    const section = md.slice(md.indexOf('## Updates keep the data'), md.indexOf('## Database access'));
    expect(section).toContain('| postgres-data | postgres:/var/lib/postgresql/data |');
    expect(section).toContain('`terraproxi_<volume>`');
    expect(section).toContain("docker compose exec postgres psql -U app_user -d terraproxi -c 'select relname, n_live_tup from pg_stat_user_tables order by 1'");
    expect(section).toContain('`docker compose down -v`');
  });
});

describe.skipIf(!TestNamespace.available())('examples/terraproxi: an update keeps the data (deploy.sh twice, stand-in docker)', () => {
  let dir: string;
  let calls: string[][];

  beforeAll(() => {
    dir = tempDir('slipway-terraproxi-deploy-');
    cpSync(out.dir, dir, { recursive: true });
    const secrets = spawnSync('bash', ['init-secrets.sh'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NONINTERACTIVE: '1' }, timeout: 30_000 });
    expect(secrets.status, secrets.stderr).toBe(0); // every secret of this stack is generated
    const bin = join(dir, '.test-bin');
    mkdirSync(bin);
    symlinkSync(FAKE_DOCKER, join(bin, 'docker'));
    const log = join(dir, '.docker-calls');
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_LOG: log, MIN_FREE_MB: '1', HEALTH_TIMEOUT: '10', HEALTH_POLL: '0.1' };
    calls = [];
    for (let release = 0; release < 2; release++) {
      writeFileSync(log, '');
      // A private network namespace: the pre-flight port check sees no listener of this machine.
      const r = spawnSync('unshare', ['-n', 'bash', 'deploy.sh'], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      calls.push(readFileSync(log, 'utf8').trim().split('\n'));
      if (release === 0) spawnSync('sleep', ['1.1']); // release ids have one-second resolution
    }
  });

  it('GIVEN a first deploy and an update THEN both rebuild the backend and recreate containers with up -d', () => {
    for (const c of calls) {
      expect(c).toContain('compose build --pull backend');
      expect(c).toContain('compose up -d --remove-orphans --no-build');
    }
    const releases = spawnSync('ls', [join(dir, '.releases')], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /^\d{8}-\d{6}/.test(l));
    expect(releases).toHaveLength(2);
  });

  it('GIVEN the update THEN no command could remove a volume: no down, no -v/--volumes, no volume rm or prune, no renewed anonymous volumes', () => {
    for (const line of calls.flat()) {
      expect(line).not.toMatch(/(^| )down( |$)/);
      expect(line).not.toMatch(/(^| )(-v|--volumes|-V|--renew-anon-volumes)( |$)/);
      expect(line).not.toMatch(/^volume (rm|prune)|system prune/);
    }
  });
});

describe.skipIf(!canRunNginx)('examples/terraproxi: live HTTPS through the committed nginx.conf (seed: phone → https://api → backend)', () => {
  let live: LiveNginx;
  const ns = () => live.ns;

  beforeAll(async () => {
    live = await serveCommittedNginx(out, {
      certificates: { [API]: [API] },
      upstreams: [{ name: 'backend', ip: '127.0.0.2', port: 3000 }],
      challenge: 'terraproxi-token',
    });
  });

  afterAll(() => live?.stop());

  it('GIVEN the committed nginx.conf THEN nginx -t accepts it', () => {
    expect(live.test.status, live.test.stderr).toBe(0);
  });

  it('GIVEN a phone creating an account THEN HTTPS reaches the backend with the forwarded headers, HSTS and no version leak', () => {
    const r = curl(ns(), `https://${API}/users`, ['-X', 'POST', '-H', 'Content-Type: application/json', '--data', '{"email":"a@b.fr"}']);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ service: 'backend', url: '/users', host: API, forwardedProto: 'https', bytes: 18 });
    expect(r.headers['strict-transport-security']).toBe('max-age=63072000');
    expect(r.headers.server).toBe('nginx');
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  it('GIVEN plain HTTP THEN 308 to HTTPS, and the ACME challenge is served for certbot', () => {
    const r = curl(ns(), `http://${API}/health`);
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`https://${API}/health`);
    expect(curl(ns(), `http://${API}/.well-known/acme-challenge/terraproxi-token`).body).toBe('terraproxi-token.key-auth');
  });

  it('GIVEN TLS THEN TLS 1.1 is refused and TLS 1.2 accepted', () => {
    const old = ns().run('openssl', ['s_client', '-connect', '127.0.0.1:443', '-servername', API, '-tls1_1'], { input: '', timeoutMs: 10_000 });
    expect(old.status).not.toBe(0);
    const ok = ns().run('openssl', ['s_client', '-connect', '127.0.0.1:443', '-servername', API, '-tls1_2'], { input: '', timeoutMs: 10_000 });
    expect(ok.status, ok.stderr).toBe(0);
  });

  it('GIVEN 10 r/s with a burst of 30 WHEN 200 requests arrive back to back THEN the excess gets 429', () => {
    // Sized so the assertions hold even if the burst takes 10 s on a loaded machine (tokens refill meanwhile).
    const urls = Array.from({ length: 200 }, (_, i) => `https://${API}/ping/${i}`);
    const r = ns().run('curl', ['-sk', '--max-time', '30', '--resolve', `${API}:443:127.0.0.1`, '-w', '%{http_code}\\n', ...urls.flatMap((u) => ['-o', '/dev/null', u])], { timeoutMs: 90_000 });
    const codes = r.stdout.trim().split('\n').map(Number);
    expect(codes).toHaveLength(200);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(30);
  });

  it('GIVEN another host name on this IP THEN the handshake is refused and port 80 closes the connection', () => {
    expect(ns().run('curl', ['-sk', '--max-time', '5', '--resolve', 'db.terraproxi.fr:443:127.0.0.1', 'https://db.terraproxi.fr/']).status).not.toBe(0);
    expect(ns().run('curl', ['-s', '--max-time', '5', '--resolve', 'db.terraproxi.fr:80:127.0.0.1', 'http://db.terraproxi.fr/']).status).not.toBe(0);
  });
});
