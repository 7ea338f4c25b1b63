import { AdminTool, App, Backup, DeployPolicy, Dockerfile, Domain, HealthCheck, Host, Monitoring, Network, Postgres, PostgresAdminUser, Redis, Secret, Service, Volume, type AppProps } from '@slipway/constructs';
import { synthesize } from '@slipway/core';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { CeleryBeat, CeleryWorker, Django, Express, FastApi, Flask, NestJs, NextJs, SpringBoot, ViteSpa } from '../src/index.js';
import { fixture } from './_helpers.js';

type Props = Record<string, unknown>;
interface Subject {
  readonly name: string;
  /** Valid props with every key the tests try. */
  readonly props: (app: App) => Props;
  readonly make: (app: App, props: unknown) => unknown;
  readonly path: string;
}
const HC = HealthCheck.http(3000, '/health');
const SUBJECTS: Subject[] = [
  { name: 'Service', path: 'shop/api', props: () => ({ image: 'acme/api:1.0.0', port: 3000, healthCheck: HC }), make: (app, p) => new Service(app, 'api', p as never) },
  { name: 'Postgres', path: 'shop/db', props: () => ({}), make: (app, p) => new Postgres(app, 'db', p as never) },
  { name: 'Redis', path: 'shop/cache', props: () => ({}), make: (app, p) => new Redis(app, 'cache', p as never) },
  { name: 'Network', path: 'shop/backend', props: () => ({}), make: (app, p) => new Network(app, 'backend', p as never) },
  { name: 'Volume', path: 'shop/data', props: () => ({}), make: (app, p) => new Volume(app, 'data', p as never) },
  { name: 'Secret', path: 'shop/key', props: () => ({ generate: 'hex-32' }), make: (app, p) => new Secret(app, 'key', p as never) },
  { name: 'Domain', path: 'shop/site', props: (app) => ({ host: 'shop.example.com', to: new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC }) }), make: (app, p) => new Domain(app, 'site', p as never) },
  { name: 'Backup', path: 'shop/backup', props: (app) => ({ database: new Postgres(app, 'db') }), make: (app, p) => new Backup(app, 'backup', p as never) },
  { name: 'AdminTool', path: 'shop/admin', props: (app) => ({ databases: [new Postgres(app, 'db')] }), make: (app, p) => new AdminTool(app, 'admin', p as never) },
  { name: 'Host', path: 'shop/server', props: () => ({ sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH ops@laptop'], sshAllowFrom: ['203.0.113.7'] }), make: (app, p) => new Host(app, 'server', p as never) },
  { name: 'Monitoring', path: 'shop/monitoring', props: () => ({}), make: (app, p) => new Monitoring(app, 'monitoring', p as never) },
  { name: 'DeployPolicy', path: 'shop/policy', props: () => ({}), make: (app, p) => new DeployPolicy(app, 'policy', p as never) },
  { name: 'PostgresAdminUser', path: 'shop/db/admin', props: () => ({}), make: (app, p) => new PostgresAdminUser(new Postgres(app, 'db'), 'admin', p as never) },
  { name: 'Dockerfile', path: 'shop/image', props: () => ({ context: '.' }), make: (app, p) => new Dockerfile(app, 'image', p as never).stage('runtime', 'node:22.14.0-bookworm-slim').user('1000').cmd(['node', 'main.js']) },
  { name: 'NestJs', path: 'shop/api', props: () => ({ source: fixture('nest-npm') }), make: (app, p) => new NestJs(app, 'api', p as never) },
  { name: 'Express', path: 'shop/api', props: () => ({ source: fixture('express-npm') }), make: (app, p) => new Express(app, 'api', p as never) },
  { name: 'NextJs', path: 'shop/web', props: () => ({ source: fixture('next-standalone') }), make: (app, p) => new NextJs(app, 'web', p as never) },
  { name: 'ViteSpa', path: 'shop/web', props: () => ({ source: fixture('vite-berry') }), make: (app, p) => new ViteSpa(app, 'web', p as never) },
  { name: 'Flask', path: 'shop/api', props: () => ({ source: fixture('flask-pip') }), make: (app, p) => new Flask(app, 'api', p as never) },
  { name: 'FastApi', path: 'shop/api', props: () => ({ source: fixture('fastapi-uv') }), make: (app, p) => new FastApi(app, 'api', p as never) },
  { name: 'Django', path: 'shop/web', props: () => ({ source: fixture('django-pip') }), make: (app, p) => new Django(app, 'web', p as never) },
  { name: 'SpringBoot', path: 'shop/api', props: () => ({ source: fixture('spring-maven') }), make: (app, p) => new SpringBoot(app, 'api', p as never) },
  { name: 'CeleryWorker', path: 'shop/worker', props: (app) => ({ from: new Flask(app, 'api', { source: fixture('flask-pip') }), app: 'app.celery' }), make: (app, p) => new CeleryWorker(app, 'worker', p as never) },
  { name: 'CeleryBeat', path: 'shop/beat', props: (app) => ({ from: new Flask(app, 'api', { source: fixture('flask-pip') }), app: 'app.celery' }), make: (app, p) => new CeleryBeat(app, 'beat', p as never) },
];

function run(s: Subject, edit: (p: Props) => unknown, appProps: AppProps = {}) {
  const app = new App({ name: 'shop', acme: { email: 'ops@example.com' }, ...appProps });
  let thrown: unknown;
  try {
    s.make(app, edit(s.props(app)));
  } catch (e) {
    thrown = e;
  }
  if (thrown) return { thrown: String((thrown as Error).stack ?? thrown) };
  try {
    return { result: synthesize(app, { displayRoot: 'shop' }) };
  } catch (e) {
    return { thrown: `synth: ${String((e as Error).stack ?? e)}` };
  }
}

/** Known keys: from the unknown-key check's own list, or given for constructs without one. */
const LISTED: Record<string, string[]> = {
  Host: ['sshKeys', 'sshAllowFrom', 'deployUser', 'hostname', 'sudo', 'timezone', 'ipv4', 'ipv6', 'directory'],
  Monitoring: ['grafanaHost', 'grafanaBasicAuth', 'grafanaAllowIps', 'scrapeInterval', 'retention', 'hostMetrics', 'containerMetrics'],
  DeployPolicy: ['keepReleases', 'healthTimeoutSeconds', 'minFreeDiskMb'],
  PostgresAdminUser: ['user', 'password'],
  Dockerfile: ['context', 'fileName', 'ignore', 'replaceDefaultIgnore', 'syntax'],
};
function knownKeys(s: Subject): string[] {
  const r = run(s, (p) => ({ ...p, zzzzzzzzzz: 1 }));
  const d = r.result?.diagnostics.find((x) => x.message.includes('"zzzzzzzzzz"'));
  const m = d?.fix.match(/known properties: (.*)\.$/);
  return m ? m[1]!.split(', ') : (LISTED[s.name] ?? []);
}

const filesOf = (r: ReturnType<typeof run>) => JSON.stringify(r.result?.files.map((f) => [f.path, f.content]));
const crashy = /TypeError|RangeError|undefined \(reading|null \(reading|\n\s+at /;

/**
 * infra.ts is not type-checked: a JS user can pass null (or undefined) for any prop, or as the
 * props object. Each gives an error naming the construct and the fix, or means "not set" (the
 * same output as leaving it out); never a crash.
 */
describe('null and undefined props', () => {
  it('GIVEN the subjects THEN every construct and preset is covered, with its keys', () => {
    for (const s of SUBJECTS) expect(knownKeys(s).length, s.name).toBeGreaterThan(0);
  });

  it.each(SUBJECTS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const keys = knownKeys(s);
    const problems: string[] = [];
    const cases: Array<[string, (p: Props) => unknown, ((p: Props) => unknown) | undefined]> = [
      ['props null', () => null, () => ({})],
      ['props undefined', () => undefined, () => ({})],
      ...keys.flatMap((k): Array<[string, (p: Props) => unknown, (p: Props) => unknown]> => {
        const without = (p: Props) => Object.fromEntries(Object.entries(p).filter(([key]) => key !== k));
        return [
          [`${k}: null`, (p) => ({ ...p, [k]: null }), without],
          [`${k}: undefined`, (p) => ({ ...p, [k]: undefined }), without],
        ];
      }),
    ];
    for (const [label, edit, omitted] of cases) {
      const r = run(s, edit);
      if (r.thrown) {
        problems.push(`${label}: threw ${r.thrown.split('\n')[0]}`);
        continue;
      }
      const diagnostics = r.result!.diagnostics;
      for (const d of diagnostics) if (crashy.test(d.message)) problems.push(`${label}: ${d.message.split('\n')[0]}`);
      const errors = diagnostics.filter((d) => d.level === 'error');
      if (errors.length) {
        if (!errors.some((d) => d.path.startsWith(s.path) && d.fix.length > 10)) problems.push(`${label}: no error at ${s.path} with a fix: ${errors.map((d) => `${d.path}: ${d.message}`).join(' | ')}`);
        if (r.result!.files.length) problems.push(`${label}: files written despite errors`);
      } else if (omitted) {
        const base = run(s, omitted);
        if (filesOf(base) !== filesOf(r)) problems.push(`${label}: accepted, but the output differs from leaving it out`);
      }
    }
    expect(problems).toEqual([]);
  });
});
