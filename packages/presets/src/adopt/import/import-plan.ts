import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { readComposeFile, type ComposeInput } from './compose-file.js';
import { dataKindOf, postgresProps, redisProps, tagOf, type DataProps } from './data-services.js';
import { envExpr, Secrets, type DataRef } from './env-values.js';
import { Names, tsLiteral, tsString } from './registry.js';
import { healthCheck, mount, restOf } from './service-options.js';

/** Options of {@link planImport}. */
export interface ImportOptions {
  /**
   * App name (Compose prefixes volume names with it).
   * @default the file's top-level `name`, else its folder's name
   */
  readonly name?: string;
  /**
   * Folder of the infra.ts to write; paths are rebased from the Compose file's folder to it.
   * @default the Compose file's folder
   */
  readonly root?: string;
  /**
   * Output folder the program will synthesize into, relative to `root` (overrides' paths are rebased to it).
   * @default 'deploy'
   */
  readonly outdir?: string;
}

/** What `synth import` writes and tells. */
export interface ImportPlan {
  readonly infra: string;
  readonly mapped: readonly string[];
  readonly findings: readonly string[];
  readonly secrets: ReadonlyArray<{ readonly env: string; readonly from: string }>;
}

/** Images of databases and caches without a construct yet: kept as Services with a data role. */
const DATA_IMAGES: ReadonlyArray<readonly [RegExp, 'database' | 'cache', string]> = [
  [/^(?:docker\.io\/)?(?:library\/|bitnami\/)?(mysql|mariadb)(?::|$)/, 'database', 'MySQL'],
  [/^(?:docker\.io\/)?(?:library\/|bitnami\/)?(mongo|mongodb)(?::|$)/, 'database', 'MongoDB'],
  [/^(?:postgis\/postgis|timescale\/timescaledb(?:-ha)?|bitnami\/postgresql)(?::|$)/, 'database', 'PostgreSQL (extension image)'],
  [/^(?:docker\.io\/)?(?:library\/)?(memcached|valkey\/valkey|eqalpha\/keydb|bitnami\/redis)(?::|$)/, 'cache', 'cache'],
];

/**
 * Turns a hand-written Compose file into an infra.ts: `postgres` and `redis` images become
 * Postgres and Redis, literal passwords and keys become Secrets (their values never reach the new
 * file), volumes, health checks, depends_on, ports, commands and limits become props, and every
 * other key stays as an explicit `override()` so nothing is lost. Reads only the file.
 */
export function planImport(composeFile: string, options: ImportOptions = {}): ImportPlan {
  const composeDir = dirname(resolve(composeFile));
  const root = resolve(options.root ?? composeDir);
  const outdir = join(root, options.outdir ?? 'deploy');
  const file = readComposeFile(readFileSync(composeFile, 'utf8'));
  const names = new Names();
  const secrets = new Secrets(names);
  const findings: string[] = [];
  const notes: string[] = [];
  const mapped: string[] = [];
  const fromInfra = (p: string) => dot(relative(root, resolve(composeDir, p)));
  const fromOut = (p: string) => relative(outdir, resolve(composeDir, p)).split('\\').join('/') || '.';

  for (const s of file.services) names.claimId(s.name);
  const volumes = new Map<string, { variable: string; id: string; name: string }>();
  const volumeFor = (name: string) => {
    let v = volumes.get(name);
    if (!v) {
      const id = names.id(name, 'volume');
      v = { variable: names.variable(name, 'Volume'), id, name };
      volumes.set(name, v);
      if (file.externalVolumes.has(name)) notes.push(`volume ${name} is external in the original: Slipway declares it as a project volume (named ${file.name ?? '<project>'}_${name}); add an override if it must stay external.`);
    }
    return v;
  };

  const blocks: string[] = [];
  const data = new Map<string, DataProps>();
  const dataRefs: DataRef[] = [];
  const vars = new Map<string, string>();
  for (const s of file.services) {
    const kind = dataKindOf(s.image);
    const variable = names.variable(s.name);
    vars.set(s.name, variable);
    if (!kind) continue;
    const p = kind === 'postgres' ? postgresProps(s, variable, secrets) : redisProps(s, variable, secrets);
    data.set(s.name, p);
    dataRefs.push(p.ref);
    notes.push(...p.notes);
  }

  const declared = new Set<string>();
  for (const s of order(file.services, data)) {
    const variable = vars.get(s.name)!;
    declared.add(s.name);
    const d = data.get(s.name);
    const props: Array<readonly [string, string]> = d ? [...d.props] : [];
    const overrides: Record<string, unknown> = {};
    const uses = new Set<string>();
    // Image or build.
    if (!d) {
      if (s.build) {
        const b: Record<string, unknown> = { context: fromInfra(s.build.context) };
        if (s.build.dockerfile) b.dockerfile = s.build.dockerfile;
        if (Object.keys(s.build.args).length) b.args = s.build.args;
        if (s.build.target) b.target = s.build.target;
        props.push(['build', tsLiteral(b, '  ')]);
        if (s.image) overrides.image = s.image;
      } else if (s.image) {
        props.push(['image', tsString(s.image)]);
        const data = DATA_IMAGES.find(([re]) => re.test(s.image!));
        if (data) {
          props.push(['role', tsString(data[1])]);
          notes.push(`${s.name}: ${data[2]} has no construct yet, so it stays a Service with role '${data[1]}' (internal network, no published port, joined by the services that depend on it).`);
        }
        const tag = tagOf(s.image);
        if (!tag || tag === 'latest') findings.push(`${s.name}: image "${s.image}" has no pinned version, so each pull may differ. synth refuses it: pin a tag (e.g. ${s.image.replace(/:latest$/, '')}:1.2.3) in infra.ts.`);
      }
    }
    // Environment.
    const env: string[] = [];
    for (const [key, value] of s.environment) {
      if (d?.usedEnv.has(key)) continue;
      const e = envExpr(key, value, s.name, dataRefs.filter((r) => r.compose !== s.name), secrets, notes);
      if (e.kind === 'raw') {
        overrides[`environment.${key}`] = value;
        notes.push(`${s.name}.${key}: "${value}" interpolates variables inside a longer value; kept as an override, read from .env by Compose.`);
      } else {
        env.push(`    ${/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsString(key)}: ${e.code},`);
        if (e.uses) uses.add(e.uses);
        for (const other of file.services) if (other.name !== s.name && declared.has(other.name) && mentionsHost(key, value, other.name)) uses.add(other.name);
      }
    }
    // Ports.
    const dataRole = !d && !s.build && DATA_IMAGES.some(([re]) => re.test(s.image ?? ''));
    if ((d || dataRole) && s.ports.length) {
      findings.push(`${s.name}: published ${s.ports.map((p) => p.text).join(', ')}${s.ports.some((p) => !p.hostIp || p.hostIp === '0.0.0.0') ? ' on every interface: anyone who can reach the host could try to log in' : ''}. Not published any more: it sits on an internal network; use \`docker compose exec ${s.name} …\` or the runbook's database-access section.`);
    } else if (s.ports.length) {
      const ports = s.ports.map((p) => {
        const pub = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::';
        return `{ container: ${p.container}${p.host !== undefined && p.host !== p.container ? `, host: ${p.host}` : ''}${pub ? ', public: true' : ''}${p.protocol === 'udp' ? `, protocol: 'udp'` : ''} }`;
      });
      props.push(['ports', `[${ports.join(', ')}]`]);
      const open = s.ports.filter((p) => !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::');
      if (open.length) findings.push(`${s.name}: publishes ${open.map((p) => p.text).join(', ')} on every interface; kept (public: true), and synth warns. Put it behind a Domain (HTTPS) instead, or bind it to 127.0.0.1.`);
      if (s.ports.some((p) => p.host === undefined)) notes.push(`${s.name}: a port without a host side (random host port) is now published on the same number.`);
    }
    if (!d && !dataRole) {
      const port = s.expose[0] ?? s.ports[0]?.container;
      if (port !== undefined) props.push(['port', String(port)]);
    }
    // Volumes.
    const mounts: string[] = [];
    for (const v of s.volumes) {
      const m = mount(v, s, d, volumeFor, fromInfra, fromOut, overrides, props, notes);
      if (m) mounts.push(m);
    }
    if (mounts.length) props.push(['volumes', `[${mounts.join(', ')}]`]);
    if (env.length) props.push(['env', `{\n${env.join('\n')}\n  }`]);
    // Order and health.
    const deps = [...new Set([...s.dependsOn, ...[...uses].filter((u) => !s.dependsOn.includes(u))])].filter((n) => n !== s.name && vars.has(n));
    const explicit = deps.filter((n) => !env.some((l) => referencesData(l, vars.get(n)!)));
    if (explicit.length) props.push(['dependsOn', `[${explicit.map((n) => vars.get(n)).join(', ')}]`]);
    if (!d) {
      const hc = healthCheck(s);
      if (hc) props.push(['healthCheck', hc]);
      else findings.push(`${s.name}: no health check, so nothing waits for it to be ready and a hung process is never noticed; synth warns (no-healthcheck). Add healthCheck: HealthCheck.http(port, '/health').`);
      if (s.command) props.push(['command', tsLiteral(s.command)]);
      if (s.entrypoint) props.push(['entrypoint', tsLiteral(s.entrypoint)]);
    } else if (s.healthcheck) notes.push(`${s.name}: its health check is replaced by the ${d.ref.kind === 'postgres' ? 'Postgres (pg_isready)' : 'Redis (redis-cli ping)'} one.`);
    else findings.push(`${s.name}: had no health check; the ${d.ref.kind === 'postgres' ? 'Postgres' : 'Redis'} construct adds one, and the services that use it wait for it to be healthy.`);
    // The rest: props when a construct option exists, overrides otherwise.
    restOf(s, props, overrides, fromOut, notes);
    if (file.otherTopLevel.length && s === file.services[0]) findings.push(`top-level ${file.otherTopLevel.join(', ')}: not imported (Slipway writes its own secrets; x- extensions were already merged into the services).`);

    const construct = d ? (d.ref.kind === 'postgres' ? 'Postgres' : 'Redis') : 'Service';
    mapped.push(`${s.name} → ${construct}${Object.keys(overrides).length ? ` (+ override: ${Object.keys(overrides).join(', ')})` : ''}`);
    const body = props.map(([k, v]) => `  ${k}: ${v},`).join('\n');
    blocks.push(`const ${variable} = new ${construct}(app, ${tsString(s.name)}, {\n${body}\n});`);
    for (const [k, v] of Object.entries(overrides)) blocks.push(`${variable}.addOverride(${tsString(k)}, ${tsLiteral(v)});`);
    blocks.push('');
  }

  const name = options.name ?? appName(file.name ?? basename(composeDir));
  if ((file.name ?? basename(composeDir)) !== name) notes.push(`the Compose project was "${file.name ?? basename(composeDir)}", the App is "${name}": named volumes are prefixed with the project name, so to reuse existing data, rename the old volumes or run with COMPOSE_PROJECT_NAME.`);
  const secretLines = secrets.list.map((x) => `const ${x.variable} = new Secret(app, ${tsString(x.id)}, { provided: ${tsString(x.from)}${x.id.toUpperCase().replace(/-/g, '_') === x.env ? '' : `, envName: ${tsString(x.env)}`} });`);
  const volumeLines = [...volumes.values()].map((v) => `const ${v.variable} = new Volume(app, ${tsString(v.id)}${v.id === v.name ? '' : `, { name: ${tsString(v.name)} }`});`);
  const code = blocks.join('\n');
  const imports = ['App', 'HealthCheck', 'Postgres', 'Redis', 'Secret', 'Service', 'Volume', 'plain'].filter((i) =>
    i === 'App' ? true : new RegExp(`\\b(new ${i}\\(|${i}\\.|${i}\\()`).test(`${code}\n${secretLines.join('\n')}\n${volumeLines.join('\n')}`),
  );
  const infra = [
    `// Imported by \`synth import\` from ${relative(root, resolve(composeFile)) || basename(composeFile)}; it is yours to edit now.`,
    ...(secrets.list.length ? [`// Values that were in that file are Secrets, read from deploy/.env: ${secrets.list.map((x) => x.env).join(', ')}.`] : []),
    `import { ${imports.join(', ')} } from '@slipway/constructs';`,
    '',
    `const app = new App({ name: ${tsString(name)} });`,
    '',
    ...(secretLines.length ? [...secretLines, ''] : []),
    ...(volumeLines.length ? [...volumeLines, ''] : []),
    code.trimEnd(),
    '',
    'app.synth();',
    '',
  ].join('\n');
  return { infra, mapped, findings: [...findings, ...notes], secrets: secrets.list.map((x) => ({ env: x.env, from: x.from })) };
}

/** `mysql`, `//mysql:3306`, `@mysql/`: the value names that service as a host. */
function mentionsHost(key: string, value: string, host: string): boolean {
  const h = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (value === host && /HOST|SERVER|ADDR/i.test(key)) || new RegExp(`(//|@)${h}(:|/|$)`).test(value);
}

function referencesData(line: string, variable: string): boolean {
  return new RegExp(`\\b${variable}\\.(url|urlFor)\\b`).test(line);
}

/** Data services first, then each service after the ones it depends on (file order otherwise). */
function order(services: readonly ComposeInput[], data: ReadonlyMap<string, unknown>): ComposeInput[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out: ComposeInput[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (s: ComposeInput) => {
    if (done.has(s.name) || visiting.has(s.name)) return;
    visiting.add(s.name);
    for (const dep of s.dependsOn) {
      const d = byName.get(dep);
      if (d) visit(d);
    }
    visiting.delete(s.name);
    done.add(s.name);
    out.push(s);
  };
  for (const s of services) if (data.has(s.name)) visit(s);
  for (const s of services) visit(s);
  return out;
}

function appName(raw: string): string {
  const name = raw.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(name) ? name : `app-${name || 'stack'}`;
}

function dot(p: string): string {
  const posix = p.split('\\').join('/');
  return posix === '' ? '.' : posix.startsWith('.') || posix.startsWith('/') ? posix : `./${posix}`;
}
