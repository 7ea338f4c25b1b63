import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { has, opsFixture, run, writeOutput } from './_support.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPTS = ['init-secrets.sh', 'deploy.sh', 'backup.sh', 'restore.sh'];

function envOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(dir, '.env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('generated scripts, checked by real shells and shellcheck', () => {
  const { dir } = writeOutput(opsFixture());

  test.each(SCRIPTS)('GIVEN the ops fixture WHEN checking %s THEN shellcheck and the parser accept it', (name) => {
    const path = join(dir, name);
    expect(statSync(path).mode & 0o777).toBe(0o755);
    const shebang = readFileSync(path, 'utf8').split('\n')[0];
    const check = run('shellcheck', ['--severity=style', path]);
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
    const parse = run(shebang === '#!/bin/sh' ? 'sh' : 'bash', ['-n', path]);
    expect(parse.stderr).toBe('');
    expect(parse.status).toBe(0);
  });

  test('GIVEN backup and restore scripts THEN they are POSIX sh (they run in alpine containers)', () => {
    for (const name of ['backup.sh', 'restore.sh']) {
      expect(readFileSync(join(dir, name), 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
      expect(run('shellcheck', ['--shell=sh', join(dir, name)]).status).toBe(0);
    }
  });
});

describe('init-secrets.sh, run for real', () => {
  test('GIVEN no .env WHEN run non-interactively THEN it generates every recipe secret, leaves .env 0600 and fails naming each provided secret', () => {
    const { dir } = writeOutput(opsFixture());
    const r = run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('STRIPE_KEY: Stripe dashboard → Developers → API keys');
    expect(r.stderr).toContain('DB_BACKUP_S3_ACCESS_KEY');
    expect(r.stderr).toContain('DB_BACKUP_S3_SECRET_KEY');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    const env = envOf(dir);
    expect(env.DB_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(env.CACHE_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(env.GRAFANA_ADMIN_PASSWORD).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(Buffer.from(env.JWT_SECRET!, 'base64')).toHaveLength(32);
    expect(env.STRIPE_KEY).toBe('');
    expect(env.DB_PASSWORD).not.toBe(env.CACHE_PASSWORD);
    // The comments of .env.example came along, so .env documents itself.
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain('# Provided by you: Stripe dashboard');
  });

  test('GIVEN a .env with some values WHEN run again THEN existing values are kept byte for byte and only missing ones are filled', () => {
    const { dir } = writeOutput(opsFixture());
    writeFileSync(join(dir, '.env'), "DB_PASSWORD=keepme123\nSTRIPE_KEY='sk_live a#b'\nDB_BACKUP_S3_ACCESS_KEY=AK\nDB_BACKUP_S3_SECRET_KEY=SK\n", { mode: 0o644 });
    const first = run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('5 generated, 4 already set');
    const env = envOf(dir);
    expect(env.DB_PASSWORD).toBe('keepme123');
    expect(env.STRIPE_KEY).toBe("'sk_live a#b'");
    expect(env.CACHE_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    const before = readFileSync(join(dir, '.env'), 'utf8');
    const second = run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 generated, 9 already set');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(before);
  });

  test('GIVEN a provided secret typed on a terminal WHEN run interactively THEN the value is stored quoted for Compose', () => {
    const { dir } = writeOutput(opsFixture());
    writeFileSync(join(dir, '.env'), 'DB_BACKUP_S3_ACCESS_KEY=AK\nDB_BACKUP_S3_SECRET_KEY=SK\n');
    // `script` gives the shell a real terminal, so the script takes its interactive path.
    const r = run('script', ['-qec', 'bash init-secrets.sh', '/dev/null'], { cwd: dir, input: 'sk_test 42$x\n', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(envOf(dir).STRIPE_KEY).toBe("'sk_test 42$x'");
  });

  test('GIVEN no .env.example WHEN run THEN it fails with what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-ops-'));
    const { files } = writeOutput(opsFixture());
    writeFileSync(join(dir, 'init-secrets.sh'), files['init-secrets.sh']!);
    const r = run('bash', ['init-secrets.sh'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.env.example is missing');
    expect(existsSync(join(dir, '.env'))).toBe(false);
  });
});

/** An output folder with a complete .env and a stand-in `docker` first on PATH. */
function deployBed(opts: { unhealthy?: string; port?: number } = {}) {
  const { dir } = writeOutput(opsFixture({ publishedPort: opts.port ?? 39181 }));
  const env = run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } });
  expect(env.status).toBe(1); // provided ones missing: fill them as an operator would
  writeFileSync(join(dir, '.env'), `${readFileSync(join(dir, '.env'), 'utf8')}\nSTRIPE_KEY=sk\nDB_BACKUP_S3_ACCESS_KEY=ak\nDB_BACKUP_S3_SECRET_KEY=sk\n`);
  const bin = join(dir, '.test-bin');
  mkdirSync(bin);
  symlinkSync(join(HERE, 'fake-docker.sh'), join(bin, 'docker'));
  const log = join(dir, '.docker-calls');
  writeFileSync(log, '');
  const processEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_DOCKER_LOG: log,
    FAKE_UNHEALTHY: opts.unhealthy ?? '',
    MIN_FREE_MB: '1',
    HEALTH_TIMEOUT: '10',
    HEALTH_POLL: '0.1',
  };
  return {
    dir,
    deploy: (...args: string[]) => runDeploy(args, { cwd: dir, env: processEnv }),
    calls: () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean),
    clearCalls: () => writeFileSync(log, ''),
  };
}

describe('deploy.sh with a stand-in docker', () => {
  test('GIVEN a healthy stack WHEN deploying THEN it pulls, builds, tags the release, starts and records it as current', () => {
    const bed = deployBed();
    const r = bed.deploy();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pre-flight checks passed');
    const calls = bed.calls();
    expect(calls).toContain('compose version');
    const pull = calls.find((c) => c.startsWith('compose pull --quiet '));
    expect(pull).toMatch(/^compose pull --quiet api cache .*db db-backup .*prometheus/);
    expect(pull).not.toContain('worker'); // built, not pulled
    expect(calls).toContain('compose build --pull worker');
    const id = readFileSync(join(bed.dir, '.releases/current'), 'utf8').trim();
    expect(id).toMatch(/^\d{8}-\d{6}/);
    expect(calls).toContain(`tag ghcr.io/acme/shop-api:1.2.3 shop-api:release-${id}`);
    expect(calls).toContain(`tag shop-worker:latest shop-worker:release-${id}`);
    expect(calls).toContain('compose up -d --remove-orphans --no-build');
    // up comes after every tag, and health is read after up.
    expect(calls.indexOf('compose up -d --remove-orphans --no-build')).toBeGreaterThan(calls.findIndex((c) => c.startsWith('tag ')));
    expect(calls.filter((c) => c.startsWith('inspect ')).length).toBeGreaterThanOrEqual(10);
    const images = readFileSync(join(bed.dir, `.releases/${id}/images.yml`), 'utf8');
    expect(images).toContain(`  api:\n    image: shop-api:release-${id}\n    pull_policy: never`);
    expect(readFileSync(join(bed.dir, `.releases/${id}/status`), 'utf8').trim()).toBe('ok');
    expect(readFileSync(join(bed.dir, `.releases/${id}/docker-compose.yml`), 'utf8')).toBe(readFileSync(join(bed.dir, 'docker-compose.yml'), 'utf8'));
  });

  test('GIVEN a deployed release WHEN the next release fails its health check THEN it prints the logs, rolls back to the previous images and exits 1', () => {
    const bed = deployBed();
    expect(bed.deploy().status).toBe(0);
    const good = readFileSync(join(bed.dir, '.releases/current'), 'utf8').trim();
    bed.clearCalls();
    const failing = deployBedEnv(bed, 'api');
    const r = failing();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/release \S+ is not healthy: api/);
    expect(r.stderr).toContain('----- last logs of api -----');
    expect(r.stderr).toContain('api | Error: cannot connect to database');
    expect(r.stdout).toContain(`rolling back to release ${good}`);
    expect(r.stdout).toContain(`release ${good} is live again`);
    expect(r.stderr).toMatch(new RegExp(`failed; rolled back to ${good}`));
    expect(bed.calls()).toContain(`compose -f .releases/${good}/docker-compose.yml -f .releases/${good}/rollback.yml --project-directory . up -d --remove-orphans --no-build`);
    // The release's images pinned where the running one differs (the stand-in reports no image ids: all of them).
    expect(readFileSync(join(bed.dir, `.releases/${good}/rollback.yml`), 'utf8')).toContain(`  api:\n    image: shop-api:release-${good}\n    pull_policy: never`);
    // …and its configuration files put back.
    expect(readFileSync(join(bed.dir, `.releases/${good}/files/nginx/nginx.conf`), 'utf8')).toBe(readFileSync(join(bed.dir, 'nginx/nginx.conf'), 'utf8'));
    expect(r.stdout).toContain(`configuration files of release ${good} restored in this folder`);
    expect(readFileSync(join(bed.dir, '.releases/current'), 'utf8').trim()).toBe(good);
    const listed = bed.deploy('releases').stdout;
    expect(listed).toContain(`${good}  ok  (current)`);
    expect(listed).toMatch(/\d{8}-\d{6}\S*  failed/);
  });

  test('GIVEN a first deploy that fails WHEN there is nothing to roll back to THEN it says so', () => {
    const bed = deployBed();
    const r = deployBedEnv(bed, 'worker')();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no previous release to roll back to');
    expect(r.stderr).toContain('----- last logs of worker -----');
  });

  test('GIVEN more releases than KEEP_RELEASES WHEN deploying THEN the oldest are pruned with their image tags', () => {
    const bed = deployBed();
    mkdirSync(join(bed.dir, '.releases'));
    for (const id of ['20200101-000000', '20200102-000000', '20200103-000000']) {
      mkdirSync(join(bed.dir, '.releases', id));
      writeFileSync(join(bed.dir, '.releases', id, 'images.yml'), 'services: {}\n');
      writeFileSync(join(bed.dir, '.releases', id, 'status'), 'ok\n');
    }
    const r = runDeploy([], { cwd: bed.dir, env: { ...bedEnv(bed), KEEP_RELEASES: '2' } });
    expect(r.status).toBe(0);
    expect(existsSync(join(bed.dir, '.releases/20200101-000000'))).toBe(false);
    expect(existsSync(join(bed.dir, '.releases/20200102-000000'))).toBe(false);
    expect(existsSync(join(bed.dir, '.releases/20200103-000000'))).toBe(true);
    expect(bed.calls()).toContain('image rm shop-api:release-20200101-000000');
  });

  test('GIVEN a one-shot job (proxy-auth, restart: no) WHEN it exited with 0 THEN the release is healthy; with 1 THEN it fails and rolls back', () => {
    const bed = deployBed();
    expect(readFileSync(join(bed.dir, 'deploy.sh'), 'utf8')).toContain('ONE_SHOT=(proxy-auth)');
    const ok = runDeploy([], { cwd: bed.dir, env: { ...bedEnv(bed), FAKE_EXITED: 'proxy-auth=0' } });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(bed.calls()).toContain("inspect -f {{.State.ExitCode}} cid-proxy-auth");
    const failed = runDeploy([], { cwd: bed.dir, env: { ...bedEnv(bed), FAKE_EXITED: 'proxy-auth=1' } });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/release \S+ is not healthy: proxy-auth/);
    // A long-running service that exited is a failure whatever its status.
    const crashed = runDeploy([], { cwd: bed.dir, env: { ...bedEnv(bed), FAKE_EXITED: 'api=0' } });
    expect(crashed.status).toBe(1);
    expect(crashed.stdout).toMatch(/release \S+ is not healthy: api/);
  }, 120_000); // four deploys: slow on a loaded machine

  test('GIVEN an incomplete .env WHEN deploying THEN pre-flight fails before touching containers', () => {
    const bed = deployBed();
    writeFileSync(join(bed.dir, '.env'), readFileSync(join(bed.dir, '.env'), 'utf8').replace(/^DB_PASSWORD=.*$/m, 'DB_PASSWORD='));
    const r = bed.deploy();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.env has no value for: DB_PASSWORD');
    expect(bed.calls().some((c) => c.includes(' up '))).toBe(false);
  });

  test('GIVEN the compose plugin is missing WHEN deploying THEN it says which package to install', () => {
    const bed = deployBed();
    const r = runDeploy([], { cwd: bed.dir, env: { ...bedEnv(bed), FAKE_NO_COMPOSE: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('docker-compose-plugin');
  });

  test('GIVEN another program listens on a published port WHEN deploying THEN pre-flight names the port', async () => {
    const net = await import('node:net');
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    const port = (server.address() as { port: number }).port;
    try {
      const bed = deployBed({ port });
      const r = runDeploy([], { cwd: bed.dir, env: bedEnv(bed) }, port);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${port} is already used by another program`);
    } finally {
      server.close();
    }
  });
});

function bedEnv(bed: { dir: string }, unhealthy = ''): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(bed.dir, '.test-bin')}:${process.env.PATH}`,
    FAKE_DOCKER_LOG: join(bed.dir, '.docker-calls'),
    FAKE_UNHEALTHY: unhealthy,
    MIN_FREE_MB: '1',
    HEALTH_TIMEOUT: '10',
    HEALTH_POLL: '0.1',
  };
}

function deployBedEnv(bed: { dir: string }, unhealthy: string) {
  return () => runDeploy([], { cwd: bed.dir, env: bedEnv(bed, unhealthy) });
}

/** Runs the generated .env reader (shared by init-secrets.sh, deploy.sh, deploy-stack.sh) on one .env text. */
function readEnv(envText: string, name: string): { value: string; status: number | null; stderr: string } {
  const { dir } = writeOutput(opsFixture());
  writeFileSync(join(dir, '.env'), envText);
  const script = readFileSync(join(dir, 'deploy.sh'), 'utf8');
  const reader = /^DOTENV_AWK='[\s\S]*?^env_value\(\) \{[\s\S]*?^\}$/m.exec(script)?.[0] ?? '';
  // Command substitution drops trailing newlines; the x keeps them out of the picture.
  const r = run('bash', ['-c', `${reader}\nv="$(env_value "$1"; echo x)"; printf '%s' "\${v%x}"`, 'reader', name], { cwd: dir });
  return { value: r.stdout.replace(/\n$/, ''), status: r.status, stderr: r.stderr };
}

describe('.env forms Docker Compose accepts, read the same way by every script', () => {
  test.each([
    ['export DB_PASSWORD=abc', 'abc'],
    ['  \tDB_PASSWORD=abc', 'abc'],
    ['DB_PASSWORD = abc', 'abc'],
    ['DB_PASSWORD: abc', 'abc'],
    ['  export  DB_PASSWORD =  abc  ', 'abc'],
    ["DB_PASSWORD='a b#c' # note", 'a b#c'],
    ['DB_PASSWORD="a\\"b\\\\c\\nd" # note', 'a"b\\c\nd'],
    ["DB_PASSWORD='it\\'s \\n'", "it's \\n"],
    ['DB_PASSWORD=abc # a comment', 'abc'],
    ['DB_PASSWORD=abc#not-a-comment', 'abc#not-a-comment'],
    ['DB_PASSWORD=pa$$word', 'pa$word'],
    ['DB_PASSWORD=abc\r', 'abc'],
    ['DB_PASSWORD=first\nDB_PASSWORD=second', 'second'],
    ['# DB_PASSWORD=commented\nDB_PASSWORDX=other', ''],
    ['KEY="line one\nDB_PASSWORD=inside a value\n"\nOTHER=1', ''],
    ["DB_PASSWORD=''", ''],
    // Compose trims the blanks after = first, so this "comment" is the value (as docker compose config shows).
    ['DB_PASSWORD=   # not empty', '# not empty'],
    ['DB_PASSWORD= \'\' # empty, with a comment', ''],
  ])('GIVEN %j THEN the value is %j', (text, expected) => {
    const r = readEnv(`${text}\n`, 'DB_PASSWORD');
    expect(r.stderr).toBe('');
    expect(r.value).toBe(expected);
  });

  test('GIVEN an unclosed quote THEN the reader says which line', () => {
    const r = readEnv('A=1\nDB_PASSWORD="abc\n', 'DB_PASSWORD');
    expect(r.stderr).toContain('.env line 2: the quote opened there is never closed');
  });

  test('GIVEN values written in other Compose forms WHEN init-secrets runs THEN it keeps them and appends no second assignment', () => {
    const { dir } = writeOutput(opsFixture());
    const text = [
      'export DB_PASSWORD=keep1',
      '\t CACHE_PASSWORD = keep2 # set by hand',
      'GRAFANA_ADMIN_PASSWORD: "keep3"',
      "  STRIPE_KEY='sk live'",
      'export JWT_SECRET=',
      'DB_BACKUP_S3_ACCESS_KEY=AK',
      'DB_BACKUP_S3_SECRET_KEY=SK',
      '',
    ].join('\n');
    writeFileSync(join(dir, '.env'), text);
    const r = run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = readFileSync(join(dir, '.env'), 'utf8');
    for (const name of ['DB_PASSWORD', 'CACHE_PASSWORD', 'GRAFANA_ADMIN_PASSWORD', 'STRIPE_KEY', 'JWT_SECRET']) {
      expect(after.match(new RegExp(`^\\s*(export\\s+)?${name}\\s*[=:]`, 'gm')), name).toHaveLength(1);
    }
    // The kept lines are untouched; the empty exported one is filled in place, export kept.
    expect(after.startsWith(text.split('\nexport JWT_SECRET=')[0]!)).toBe(true);
    expect(after).toMatch(/^export JWT_SECRET=[A-Za-z0-9+/]{43}=$/m);
    expect(readEnv(after, 'CACHE_PASSWORD').value).toBe('keep2');
  });

  test('GIVEN two empty assignments WHEN init-secrets fills one THEN it fills the last, the one Compose reads', () => {
    const { dir } = writeOutput(opsFixture());
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=\nDB_PASSWORD=\nSTRIPE_KEY=s\nDB_BACKUP_S3_ACCESS_KEY=AK\nDB_BACKUP_S3_SECRET_KEY=SK\n');
    expect(run('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' } }).status).toBe(0);
    expect(readEnv(readFileSync(join(dir, '.env'), 'utf8'), 'DB_PASSWORD').value).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test('GIVEN a complete .env written with export and spaces WHEN deploying THEN pre-flight accepts it', () => {
    const bed = deployBed();
    const env = readFileSync(join(bed.dir, '.env'), 'utf8')
      .replace(/^DB_PASSWORD=(.*)$/m, 'export DB_PASSWORD=$1')
      .replace(/^CACHE_PASSWORD=(.*)$/m, '  CACHE_PASSWORD = $1');
    writeFileSync(join(bed.dir, '.env'), env);
    const r = bed.deploy();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test("GIVEN export DB_PASSWORD='' with a comment WHEN deploying THEN pre-flight names it", () => {
    const bed = deployBed();
    writeFileSync(join(bed.dir, '.env'), readFileSync(join(bed.dir, '.env'), 'utf8').replace(/^DB_PASSWORD=.*$/m, "export DB_PASSWORD='' # todo"));
    const r = bed.deploy();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.env has no value for: DB_PASSWORD');
  });
});

/**
 * Runs deploy.sh with the stand-in docker. As root, in a network namespace of its own: pre-flight
 * then sees only the listeners of this test (`listen`, a port held inside the namespace), not the
 * ports 80 and 443 a real-engine run may hold on this machine at the same time.
 */
function runDeploy(args: readonly string[], o: { cwd: string; env: NodeJS.ProcessEnv }, listen?: number) {
  if (process.getuid?.() !== 0 || !has('unshare')) return run('bash', ['deploy.sh', ...args], { ...o, timeout: 30_000 });
  const holder = listen
    ? `python3 -c 'import socket,time;s=socket.socket();s.bind(("127.0.0.1",${listen}));s.listen();time.sleep(60)' & holder=$!; sleep 0.5; `
    : '';
  const script = `ip link set lo up; ${holder}bash deploy.sh "$@"; rc=$?; ${listen ? 'kill "$holder"; ' : ''}exit "$rc"`;
  return run('unshare', ['--net', 'bash', '-c', script, 'deploy', ...args], { ...o, timeout: 30_000 });
}

