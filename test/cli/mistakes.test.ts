import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synth, workspace } from '../_support/workspace.js';

/**
 * The catalogue of user mistakes: each one must exit with the right code, name the construct
 * path, say what is wrong and how to fix it, print no stack trace and write nothing.
 */
interface Mistake {
  readonly name: string;
  /** Body of infra.ts after `const app = new App({ name: 'shop' });`. */
  readonly body: string;
  readonly code?: number;
  /** Fragments the error output must contain (path, problem, fix). */
  readonly expect: readonly string[];
}

const HC = "healthCheck: HealthCheck.http(3000, '/health')";

const MISTAKES: Mistake[] = [
  {
    name: 'duplicate construct id',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', ${HC} });\nnew Service(app, 'api', { image: 'a/api:1.0.0', ${HC} });`,
    expect: ['two constructs under the App have the id "api"', 'Fix: give each one a unique id', 'infra.ts:'],
  },
  {
    name: 'host port clash',
    body: `new Service(app, 'a', { image: 'x/a:1.0.0', ports: [{ container: 80, host: 8080 }], ${HC} });\nnew Service(app, 'b', { image: 'x/b:1.0.0', ports: [{ container: 81, host: 8080 }], ${HC} });`,
    expect: ['shop: shop/b: host port "8080/tcp" is also used by shop/a.', 'Fix: publish one of them on another host port'],
  },
  {
    name: 'reference to another App',
    body: `const other = new App({ name: 'other' });\nconst db = new Postgres(other, 'db');\nnew Service(app, 'api', { image: 'a/api:1.0.0', env: { DATABASE_URL: db.url }, ${HC} });`,
    expect: ['shop/api: environment uses the URL of db, which belongs to another App.', 'Fix: create the database'],
  },
  {
    name: 'bad environment variable name',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', env: { 'API-URL': 'x' }, ${HC} });`,
    expect: ['shop/api: environment variable name "API-URL" is invalid.', 'Fix: use letters, digits and "_"'],
  },
  {
    name: 'image without tag',
    body: `new Service(app, 'api', { image: 'node', ${HC} });`,
    expect: ['shop/api: image "node" has no tag', 'Fix: pin a version, e.g. "node:1.2.3".'],
  },
  {
    name: 'image with latest',
    body: `new Service(app, 'api', { image: 'ghcr.io/acme/api:latest', ${HC} });`,
    expect: ['shop/api: image "ghcr.io/acme/api:latest" uses the floating tag "latest".', 'Fix: pin a version'],
  },
  {
    name: 'secret in plain env',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', env: { JWT_SECRET: 'hunter2' }, ${HC} });`,
    expect: ['shop/api: "JWT_SECRET" looks like a secret but is set to a literal', "Fix: use a Secret: env: { JWT_SECRET: new Secret(app, 'jwt-secret'"],
  },
  {
    name: 'dependency cycle',
    body: `const a = new Service(app, 'a', { image: 'x/a:1.0.0', port: 1, ${HC} });\nconst b = new Service(app, 'b', { image: 'x/b:1.0.0', port: 2, env: { A_URL: a.internalUrl }, ${HC} });\na.addEnv('B_URL', b.internalUrl);`,
    expect: ['dependency cycle: shop/a → shop/b → shop/a.', 'Fix: remove one of the references'],
  },
  {
    name: 'service with neither image nor build',
    body: `new Service(app, 'api', { ${HC} });`,
    expect: ['shop/api: a service needs an "image" or a "build".', "Fix: set image: 'name:1.2.3'"],
  },
  {
    name: 'service with both image and build',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', build: { context: '.' }, ${HC} });`,
    expect: ['shop/api: a service cannot have both "image" and "build".', 'Fix: keep "build"'],
  },
  {
    name: 'invalid service name',
    body: `new Service(app, 'api', { name: 'My_API', image: 'a/api:1.0.0', ${HC} });`,
    expect: ['shop/api: service name "My_API" is not a valid host name.', 'Fix: use lowercase letters'],
  },
  {
    name: 'secret with both recipes',
    body: `new Secret(app, 'key', { generate: 'hex-32', provided: 'from the vendor' });`,
    expect: ['shop/key: a Secret needs exactly one of "generate" or "provided".', "Fix: use { generate: 'hex-32' }"],
  },
  {
    name: 'unknown secret recipe',
    body: `new Secret(app, 'key', { generate: 'hex-31' as any });`,
    expect: ['shop/key: unknown secret recipe "hex-31".', 'Fix: use one of: hex-16'],
  },
  {
    name: 'port out of range',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', port: 70000, ${HC} });`,
    expect: ['shop/api: port 70000 is not a valid port.', 'Fix: use a whole number from 1 to 65535.'],
  },
  {
    name: 'replicas on a published port',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', replicas: 3, ports: [{ container: 3000 }], ${HC} });`,
    expect: ['shop/api: 3 replicas cannot all publish the same host port.', 'Fix: remove the published ports'],
  },
  {
    name: 'duplicate volume name',
    body: `new Volume(app, 'data');\nnew Volume(app, 'files', { name: 'data' });`,
    expect: ['shop/files: volume name "data" is also used by shop/data.', 'Fix: give one of them another id'],
  },
  {
    name: 'duplicate secret variable',
    body: `new Secret(app, 'a', { generate: 'hex-32', envName: 'TOKEN' });\nnew Secret(app, 'b', { generate: 'hex-32', envName: 'TOKEN' });`,
    expect: ['environment variable "TOKEN" is also used by shop/a.', 'Fix: set `envName`'],
  },
  {
    name: 'relative mount target',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', volumes: [{ volume: new Volume(app, 'up'), target: 'uploads' }], ${HC} });`,
    expect: ['shop/api: mount target "uploads" is not an absolute path.', 'Fix: mount targets are paths inside the container'],
  },
  {
    name: 'invalid database name',
    body: `new Postgres(app, 'db', { database: 'my-shop' });`,
    expect: ['shop/db: database name "my-shop" is not a plain identifier.', 'Fix: use lowercase letters, digits and "_"'],
  },
  {
    name: 'override that breaks the Compose Specification',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', ${HC} }).addOverride('restart', 42);`,
    expect: ['shop/api: docker-compose.yml: does not match the Compose Specification: /services/api/restart must be string.', 'Fix: check the overrides'],
  },
  {
    name: 'override that leaks a secret',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', ${HC} }).addOverride('environment.DB_PASSWORD', 'hunter2');`,
    expect: ['shop/api: docker-compose.yml: "DB_PASSWORD" holds a literal secret in the Compose file.', 'Fix: pass it as a Secret'],
  },
  {
    name: 'restart policy that does not exist',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', restart: 'sometimes', ${HC} });`,
    expect: ['error shop/api: restart "sometimes" is not a restart policy.', 'Fix: use one of: no, always, on-failure, unless-stopped.'],
  },
  {
    name: 'an undefined variable in env',
    body: `let apiUrl;\nnew Service(app, 'api', { image: 'a/api:1.0.0', env: { API_URL: apiUrl }, ${HC} });`,
    expect: ['error shop/api: environment variable "API_URL" is undefined', 'Fix: give it a value'],
  },
  {
    name: 'a Backup of a Redis',
    body: `const cache = new Redis(app, 'cache');\nnew Backup(app, 'backup', { database: cache as any });`,
    expect: ['error shop/backup: Backup dumps PostgreSQL, MariaDB, MySQL and MongoDB databases and MinIO buckets; database is cache, a cache Backup cannot dump.', 'Fix: pass a Postgres, MariaDb, MySql, MongoDb or Minio construct'],
  },
  {
    name: 'a user service with the reserved id proxy',
    body: `const s = new Service(app, 'proxy', { image: 'a/api:1.0.0', port: 3000, ${HC} });\nnew Domain(app, 'site', { host: 'shop.example.com', to: s });`,
    expect: ['error shop/proxy: the id "proxy" is reserved for the reverse proxy that Domains create.', "Fix: give this construct another id"],
  },
  {
    name: 'a referrer policy carrying nginx directives',
    body: `const s = new Service(app, 'api', { image: 'a/api:1.0.0', port: 3000, ${HC} });\nnew Domain(app, 'site', { host: 'shop.example.com', to: s, referrerPolicy: 'no-referrer" always; } location /x { return 200 "x' });`,
    expect: ['error shop/site: referrerPolicy has', 'which is not a referrer policy.', 'Fix: use one of: no-referrer'],
  },
  {
    name: 'a Secret description that adds a line to .env',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0', env: { KEY: new Secret(app, 'key', { generate: 'hex-32', description: 'API key\\nDB_PASSWORD=hunter2' }) }, ${HC} });`,
    expect: ['error shop/key: description contains the control character U+000A', 'Fix: write description as one line of plain text.'],
  },
  {
    name: 'invalid App name',
    body: '',
    expect: ['error Shop Inc: App name "Shop Inc" is not a valid project name.', 'Fix: use lowercase letters'],
  },
  {
    name: 'syntax error in the program',
    body: `new Service(app, 'api', { image: 'a/api:1.0.0' ${HC} });`,
    expect: ['error infra.ts:3:', 'Expected "}" but found "healthCheck"', 'infra.ts cannot be loaded; nothing was written.'],
  },
  {
    name: 'import of a missing module',
    body: `import './helpers.js';`,
    expect: ['error infra.ts:3:', 'Could not resolve "./helpers.js"'],
  },
  {
    name: 'import of a name the package does not export',
    body: `import { Servce } from '@slipway/constructs';\nnew Servce(app, 'api', {});`,
    expect: ['error infra.ts:3:10: "@slipway/constructs" has no export named "Servce". Did you mean "Service"?', 'Fix: check the spelling', 'infra.ts cannot be loaded; nothing was written.'],
  },
  {
    name: 'import of a package that is not installed',
    body: `import pad from 'left-pad-nope/x';\nconsole.log(pad);`,
    expect: ['error infra.ts:3:17: Could not resolve "left-pad-nope/x". Fix: install it (e.g. `npm install left-pad-nope`)', 'infra.ts cannot be loaded; nothing was written.'],
  },
  {
    name: 'program that throws',
    body: `const s: any = undefined;\ns.addEnv('X', '1');`,
    expect: ["error infra.ts: the program threw TypeError: Cannot read properties of undefined (reading 'addEnv')", 'infra.ts:'],
  },
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('user mistakes', () => {
  for (const m of MISTAKES) {
    it(`GIVEN ${m.name} THEN exit ${m.code ?? 1}, path, problem and fix; no stack trace; nothing written`, () => {
      const name = m.name === 'invalid App name' ? 'Shop Inc' : 'shop';
      const dir = workspace({
        'infra.ts': `import { App, Backup, Domain, HealthCheck, Postgres, Redis, Secret, Service, Volume } from '@slipway/constructs';\nconst app = new App({ name: '${name}' });\n${m.body}\napp.synth();\n`,
      });
      dirs.push(dir);
      const r = synth(dir);
      expect(r.code).toBe(m.code ?? 1);
      for (const fragment of m.expect) expect(r.stderr).toContain(fragment);
      expect(r.stderr).not.toMatch(/node:internal|\/packages\/(core|constructs)\/|node_modules/);
      expect(r.stderr).not.toMatch(/reinstall the dependencies|\.mjs|slipway-\d/); // never blamed on the install, no temporary file names
      expect(existsSync(join(dir, 'deploy'))).toBe(false);
    });
  }

  it('GIVEN several mistakes in one program THEN all are reported at once', () => {
    const dir = workspace({
      'infra.ts': `import { App, Service } from '@slipway/constructs';
const app = new App({ name: 'shop' });
new Service(app, 'a', { image: 'node' });
new Service(app, 'b', { image: 'x/b:1.0.0', env: { API_TOKEN: 'abc', 'bad name': 'x' } });
app.synth();
`,
    });
    dirs.push(dir);
    const r = synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error shop/a: image "node" has no tag');
    expect(r.stderr).toContain('error shop/b: "API_TOKEN" looks like a secret');
    expect(r.stderr).toContain('error shop/b: environment variable name "bad name" is invalid.');
    expect(r.stderr).toContain('3 errors; nothing was written.');
  });

  it('GIVEN construct mistakes and a broken override THEN the document checks report in the same round, each mistake once', () => {
    const dir = workspace({
      'infra.ts': `import { App, HealthCheck, Service } from '@slipway/constructs';
const app = new App({ name: 'shop' });
const HC = { healthCheck: HealthCheck.http(3000, '/health') };
new Service(app, 'a', { image: 'node', ...HC });
new Service(app, 'b', { image: 'x/b:1.0.0', env: { JWT_SECRET: 'hunter2' }, ...HC });
new Service(app, 'e', { image: 'x/e:1.0.0', ...HC }).addOverride('restart', 42);
new Service(app, 'f', { ...HC });
app.synth();
`,
    });
    dirs.push(dir);
    const r = synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error shop/a: image "node" has no tag');
    expect(r.stderr).toContain('error shop/f: a service needs an "image" or a "build".');
    expect(r.stderr).toContain('error shop/e: docker-compose.yml: does not match the Compose Specification: /services/e/restart must be string.');
    expect(r.stderr).not.toContain('holds a literal secret'); // the same mistake as "looks like a secret", told once
    expect(r.stderr).toContain('4 errors; nothing was written.');
  });

  it('has at least 15 distinct mistakes', () => {
    expect(new Set(MISTAKES.map((m) => m.name)).size).toBeGreaterThanOrEqual(15);
  });
});
