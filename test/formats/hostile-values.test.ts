import {
  App,
  Backup,
  Dockerfile,
  Domain,
  HealthCheck,
  Host,
  Monitoring,
  Postgres,
  Redis,
  Secret,
  Service,
  validateComposeDocument,
  type AppProps,
} from '@slipway/constructs';
import { loadToml, synthesize, type SynthResult } from '@slipway/core';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mapPaths, tempDir } from '../proxy/_files.js';

/**
 * Every user string that reaches a file format, fed hostile values. Each synth must either fail
 * cleanly (errors with the construct path and a fix, nothing produced) or produce files that the
 * real tools accept and that carry no injected directive.
 */
const HOSTILE: Readonly<Record<string, string>> = {
  'double quote': 'a"b',
  'single quote': "a'b",
  'nginx breakout': 'no-referrer" always; } location /pwned { return 200 "pwned"; } #',
  'caddy breakout': 'x"\n}\n:8080 {\n\trespond pwned\n}\n#',
  'open brace': 'a{b',
  'close brace': 'a}b',
  semicolon: 'a;b',
  'newline USER root': 'ok\nUSER root',
  'newline assignment': 'ok\nDB_PASSWORD=hunter2',
  'carriage return': 'ok\rDB_PASSWORD=hunter2',
  dollar: 'a$HOME${PATH}',
  'compose escape': 'a$$VAR',
  backtick: 'a`touch /tmp/pwned`',
  'command substitution': 'a$(touch /tmp/pwned)',
  'shell breakout': "1mb; touch /tmp/pwned; echo '",
  NUL: 'a\u0000b',
  'line separator': 'ok\u2028USER root',
  'paragraph separator': 'ok\u2029DB_PASSWORD=hunter2',
  'next line': 'ok\u0085USER root',
  tab: 'a\tb',
  'caddy placeholder': '{$HOME}',
  backslash: 'a\\"b',
  unicode: 'café ☕ 日本',
  'very long': 'x'.repeat(5000),
  empty: '',
};

/** Lines no output may contain: what the hostile values try to add. */
const INJECTED = [/^\s*location \/pwned/m, /^\s*USER root\s*$/m, /^\s*DB_PASSWORD=hunter2/m, /^\s*respond pwned/m, /^:8080 \{/m];

type Proxy = 'nginx' | 'caddy' | 'traefik' | 'traefik-toml';
const PROXIES: readonly Proxy[] = ['nginx', 'caddy', 'traefik', 'traefik-toml'];

/** Marks an App as targeting Swarm (the probe runs before any construct is added). */
const SWARM = new WeakSet<App>();
const swarm = (app: App) => SWARM.add(app);

function appFor(proxy: Proxy | undefined, extra: AppProps = {}): App {
  const props: AppProps = proxy === undefined ? {} : proxy === 'traefik-toml' ? { proxy: 'traefik', proxyOptions: { traefikFormat: 'toml' } } : { proxy };
  return new App({ name: 'shop', mode: 'local', ...props, ...extra });
}

const HC = HealthCheck.http(3000, '/health');
const api = (app: App) => new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC });
const domain = (app: App, props: Record<string, unknown>) => new Domain(app, 'site', { host: 'shop.example.com', to: api(app), ...props });

/** One user string that reaches a file: how to set it, and for which proxies. */
interface Probe {
  readonly name: string;
  readonly proxies?: readonly Proxy[];
  readonly build: (app: App, value: string) => void;
}

const PROBES: readonly Probe[] = [
  { name: 'Domain referrerPolicy', proxies: PROXIES, build: (app, v) => domain(app, { referrerPolicy: v }) },
  { name: 'Domain permissionsPolicy', proxies: PROXIES, build: (app, v) => domain(app, { permissionsPolicy: v }) },
  { name: 'Domain csp', proxies: PROXIES, build: (app, v) => domain(app, { csp: v }) },
  { name: 'Domain header value', proxies: PROXIES, build: (app, v) => domain(app, { headers: { 'X-Note': v } }) },
  { name: 'Domain header name', proxies: PROXIES, build: (app, v) => domain(app, { headers: { [v]: 'x' } }) },
  { name: 'Domain host', proxies: PROXIES, build: (app, v) => domain(app, { host: v }) },
  { name: 'Domain pathPrefix', proxies: PROXIES, build: (app, v) => domain(app, { pathPrefix: v }) },
  { name: 'Domain allowIps', proxies: PROXIES, build: (app, v) => domain(app, { allowIps: [v] }) },
  { name: 'Domain maxBodySize', proxies: PROXIES, build: (app, v) => domain(app, { maxBodySize: v }) },
  { name: 'Domain cors origin', proxies: PROXIES, build: (app, v) => domain(app, { cors: { allowOrigins: [v] } }) },
  { name: 'Domain cors header', proxies: PROXIES, build: (app, v) => domain(app, { cors: { allowOrigins: ['https://a.example.com'], allowHeaders: [v] } }) },
  {
    name: 'Domain basic-auth realm',
    proxies: PROXIES,
    build: (app, v) => domain(app, { basicAuth: { realm: v, users: [{ user: 'ops', password: new Secret(app, 'ops-password', { generate: 'alnum-24' }) }] } }),
  },
  { name: 'Domain basic-auth user', proxies: PROXIES, build: (app, v) => domain(app, { basicAuth: { users: [{ user: v, password: new Secret(app, 'ops-password', { generate: 'alnum-24' }) }] } }) },
  { name: 'Redis maxMemory', build: (app, v) => new Redis(app, 'cache', { maxMemory: v }) },
  { name: 'Postgres tuning value', build: (app, v) => new Postgres(app, 'db', { tuning: { work_mem: v } }) },
  { name: 'Postgres database name', build: (app, v) => new Postgres(app, 'db', { database: v }) },
  { name: 'Postgres extension', build: (app, v) => new Postgres(app, 'db', { extensions: [v] }) },
  { name: 'Service env value', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, env: { NOTE: v } }) },
  { name: 'Service env template', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, env: { AUTH: `Bearer ${new Secret(app, 'token', { generate: 'hex-32' })}${v}` } }) },
  { name: 'Service label value', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, labels: { 'com.example.note': v } }) },
  { name: 'Service command argument', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, command: ['echo', v] }) },
  { name: 'Service user', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, user: v }) },
  { name: 'Service image', build: (app, v) => new Service(app, 'api', { image: v, healthCheck: HC }) },
  { name: 'Service name', build: (app, v) => new Service(app, 'api', { name: v, image: 'acme/api:1.0.0', healthCheck: HC }) },
  { name: 'Service stopGracePeriod', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, stopGracePeriod: v }) },
  { name: 'Service memory', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, resources: { memory: v } }) },
  { name: 'Service mount target', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, volumes: [{ tmpfs: v }] }) },
  { name: 'HealthCheck.shell script', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HealthCheck.shell(`test -n ${v}`) }) },
  { name: 'HealthCheck.http path', build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, v) }) },
  {
    name: 'Secret description',
    build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, env: { KEY: new Secret(app, 'key', { generate: 'hex-32', description: v }) } }),
  },
  {
    name: 'Secret provided',
    build: (app, v) => new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, env: { KEY: new Secret(app, 'key', { provided: v }) } }),
  },
  {
    name: 'Dockerfile ENV value',
    build: (app, v) => {
      const df = new Dockerfile(app, 'image', { context: '.' });
      df.stage('runtime', 'node:22.14.0-bookworm-slim').env({ NOTE: v }).user('1000').cmd(['node', 'main.js']);
      new Service(app, 'api', { build: { context: '.', dockerfile: df }, healthCheck: HC });
    },
  },
  {
    name: 'Dockerfile LABEL value',
    build: (app, v) => {
      const df = new Dockerfile(app, 'image', { context: '.' });
      df.stage('runtime', 'node:22.14.0-bookworm-slim').label({ 'org.opencontainers.image.title': v }).user('1000').cmd(['node', 'main.js']);
      new Service(app, 'api', { build: { context: '.', dockerfile: df }, healthCheck: HC });
    },
  },
  {
    name: 'Backup S3 prefix',
    build: (app, v) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), s3: { endpoint: 'https://s3.example.com', bucket: 'shop-backups', prefix: v } }),
  },
  {
    name: 'Backup S3 region',
    build: (app, v) => new Backup(app, 'backup', { database: new Postgres(app, 'db'), s3: { endpoint: 'https://s3.example.com', bucket: 'shop-backups', region: v } }),
  },
  { name: 'Host hostname', build: (app, v) => new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH ops@laptop'], sshAllowFrom: ['203.0.113.7'], hostname: v }) },
  { name: 'Host timezone', build: (app, v) => new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH ops@laptop'], sshAllowFrom: ['203.0.113.7'], timezone: v }) },
  { name: 'Host ssh key', build: (app, v) => new Host(app, 'server', { sshKeys: [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH ${v}`], sshAllowFrom: ['203.0.113.7'] }) },
  { name: 'Service build arg', build: (app, v) => new Service(app, 'api', { build: { context: '.', args: { NOTE: v } }, healthCheck: HC }) },
  { name: 'Service build target', build: (app, v) => new Service(app, 'api', { build: { context: '.', target: v }, healthCheck: HC }) },
  { name: 'Service build context', build: (app, v) => new Service(app, 'api', { build: { context: v }, healthCheck: HC }) },
  { name: 'Service metrics path', build: (app, v) => { new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, metrics: { path: v } }); new Monitoring(app, 'monitoring', { hostMetrics: false, containerMetrics: false }); } },
  { name: 'Swarm env value', build: (app, v) => { swarm(app); new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, env: { NOTE: v, KEY: new Secret(app, 'key', { generate: 'hex-32' }) } }); } },
  { name: 'Swarm build arg', build: (app, v) => { swarm(app); new Service(app, 'api', { build: { context: '.', args: { NOTE: v } }, healthCheck: HC }); } },
  { name: 'Swarm command argument', build: (app, v) => { swarm(app); new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, command: ['echo', v], env: { KEY: new Secret(app, 'key', { generate: 'hex-32' }) } }); } },
  { name: 'Host directory', build: (app, v) => new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH ops@laptop'], sshAllowFrom: ['203.0.113.7'], directory: v }) },
  { name: 'Monitoring grafanaHost', build: (app, v) => new Monitoring(app, 'monitoring', { grafanaHost: v, hostMetrics: false, containerMetrics: false }) },
  { name: 'Monitoring retention', build: (app, v) => new Monitoring(app, 'monitoring', { retention: v, hostMetrics: false, containerMetrics: false }) },
];

const hasNginx = spawnSync('nginx', ['-v']).status === 0;
const hasCaddy = spawnSync('caddy', ['version']).status === 0;
const hasBash = spawnSync('bash', ['--version']).status === 0;

/** Runs one probe; returns what went wrong, or nothing. */
function check(probe: Probe, proxy: Proxy | undefined, value: string): string[] {
  let app = appFor(proxy);
  probe.build(app, value);
  if (SWARM.has(app)) {
    app = appFor(proxy, { target: 'swarm', swarm: { registry: 'registry.example.com/acme' } });
    probe.build(app, value);
  }
  let result: SynthResult;
  try {
    result = synthesize(app, { displayRoot: app.name });
  } catch (e) {
    return [`crashed: ${(e as Error).stack}`];
  }
  if (result.failed) return checkRefusal(result);
  return checkFiles(result);
}

function checkRefusal(result: SynthResult): string[] {
  const problems: string[] = [];
  if (result.files.length) problems.push('failed but produced files');
  for (const d of result.diagnostics.filter((x) => x.level === 'error')) {
    if (!d.path.startsWith('shop')) problems.push(`error without a construct path: ${d.message}`);
    if (!d.fix || d.fix.length < 8) problems.push(`error without a fix: ${d.message}`);
    if (/\n\s+at /.test(d.message)) problems.push(`stack trace in: ${d.message}`);
  }
  return problems;
}

function checkFiles(result: SynthResult): string[] {
  const problems: string[] = [];
  const files = new Map(result.files.map((f) => [f.path, f.content]));
  for (const [path, content] of files) {
    // YAML keeps line breaks inside scalars; it is checked by parsing below instead.
    const yaml = /\.ya?ml$/.test(path);
    if (!yaml) for (const pattern of INJECTED) if (pattern.test(content)) problems.push(`${path} carries an injected line (${pattern})`);
    if (yaml) parseYaml(content);
    if (content.includes('\u0000')) problems.push(`${path} contains NUL`);
  }
  const compose = files.get('docker-compose.yml');
  if (compose) {
    const doc = parseYaml(compose);
    const errors = validateComposeDocument(doc);
    if (errors.length) problems.push(`docker-compose.yml: ${errors.join('; ')}`);
    for (const [name, s] of Object.entries<Record<string, unknown>>(doc.services)) {
      if (s.privileged !== undefined || s.user === 'root' || s.network_mode !== undefined) problems.push(`docker-compose.yml: service ${name} gained a setting`);
    }
  }
  const example = files.get('.env.example');
  if (example) {
    for (const line of example.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      if (!/^[A-Z][A-Z0-9_]*=$/.test(line)) problems.push(`.env.example has a line that is neither a comment nor an empty assignment: ${JSON.stringify(line)}`);
    }
  }
  for (const [path, content] of files) {
    if (path.endsWith('.sh') && hasBash) {
      const r = spawnSync('bash', ['-n'], { input: content, encoding: 'utf8' });
      if (r.status !== 0) problems.push(`bash -n ${path}: ${r.stderr}`);
    }
    if (path.endsWith('Dockerfile')) {
      const errors = validateDockerfile(content).filter((d) => d.severity === 1);
      if (errors.length) problems.push(`dockerfile-utils ${path}: ${errors.map((d) => d.message).join('; ')}`);
    }
    if (path.startsWith('traefik/') && path.endsWith('.yml')) parseYaml(content);
    if (path.startsWith('traefik/') && path.endsWith('.toml')) loadToml().parse(content);
  }
  const nginx = files.get('nginx/nginx.conf');
  if (nginx && hasNginx) problems.push(...nginxTest(nginx));
  const caddy = files.get('caddy/Caddyfile');
  if (caddy && hasCaddy) problems.push(...caddyValidate(caddy));
  return problems;
}

function nginxTest(conf: string): string[] {
  const dir = tempDir('slipway-hostile-nginx-');
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'nginx.conf'), mapPaths(conf, { '/var/log/nginx': join(dir, 'logs'), '/etc/slipway/auth': join(dir, 'auth') }));
  const r = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`], { encoding: 'utf8' });
  return r.status === 0 ? [] : [`nginx -t: ${r.stderr}`];
}

function caddyValidate(text: string): string[] {
  const dir = tempDir('slipway-hostile-caddy-');
  const auth = join(dir, 'auth');
  mkdirSync(auth);
  // A bcrypt hash of "x" for the imported basic-auth files.
  for (const m of text.matchAll(/import \/etc\/slipway\/auth\/([^\s]+)/g)) writeFileSync(join(auth, m[1]!), 'ops $2a$14$Zkx19XLiW6VYouLHR5NmfOFU0z2GTNmpkT/5qqR7hx4IjWJPDhjvG\n');
  writeFileSync(join(dir, 'Caddyfile'), mapPaths(text, { '/etc/slipway/auth': auth }));
  const r = spawnSync('caddy', ['validate', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') },
  });
  return r.status === 0 ? [] : [`caddy validate: ${r.stderr.split('\n').filter((l) => /error|Error/.test(l)).join(' ')}`];
}

describe('hostile values in every prop that reaches a file', () => {
  for (const probe of PROBES) {
    for (const proxy of probe.proxies ?? [undefined]) {
      it(`${probe.name}${proxy ? ` (${proxy})` : ''}: refused cleanly or written safely`, () => {
        const failures = Object.entries(HOSTILE).flatMap(([label, value]) => check(probe, proxy, value).map((p) => `[${label}] ${p}`));
        expect(failures).toEqual([]);
      });
    }
  }

  it('GIVEN the issue reports THEN each hostile value is refused with the construct path', () => {
    const cases: Array<[string, string, string]> = [
      ['Domain referrerPolicy', HOSTILE['nginx breakout']!, 'shop/site'],
      ['Domain permissionsPolicy', HOSTILE['caddy breakout']!, 'shop/site'],
      ['Redis maxMemory', HOSTILE['shell breakout']!, 'shop/cache'],
      ['Dockerfile ENV value', HOSTILE['newline USER root']!, 'shop/image'],
      ['Dockerfile LABEL value', HOSTILE['line separator']!, 'shop/image'],
      ['Secret provided', HOSTILE['newline assignment']!, 'shop/key'],
      ['Secret description', HOSTILE['paragraph separator']!, 'shop/key'],
    ];
    for (const [name, value, path] of cases) {
      const app = appFor('nginx');
      PROBES.find((p) => p.name === name)!.build(app, value);
      const result = synthesize(app, { displayRoot: app.name });
      expect(result.failed).toBe(true);
      expect(result.files).toEqual([]);
      expect(result.diagnostics.filter((d) => d.level === 'error').map((d) => d.path)).toContain(path);
    }
  });

  it('GIVEN a permissions policy with quoted origins THEN nginx and Caddy get it escaped, and accept it', () => {
    const value = 'geolocation=(self "https://maps.example.com"), camera=()';
    for (const proxy of ['nginx', 'caddy'] as const) {
      const app = appFor(proxy);
      domain(app, { permissionsPolicy: value });
      const result = synthesize(app, { displayRoot: app.name });
      expect(result.failed).toBe(false);
      const file = result.files.find((f) => f.path === (proxy === 'nginx' ? 'nginx/nginx.conf' : 'caddy/Caddyfile'))!.content;
      expect(file).toContain('Permissions-Policy "geolocation=(self \\"https://maps.example.com\\"), camera=()"');
      expect(checkFiles(result)).toEqual([]);
    }
  });
});
