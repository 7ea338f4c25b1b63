import { parse } from 'yaml';

/** A Compose service as written, with the short and long syntaxes brought to one shape. */
export interface ComposeInput {
  readonly name: string;
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string; readonly args: Record<string, string>; readonly target?: string };
  readonly environment: ReadonlyArray<readonly [string, string]>;
  readonly ports: readonly PortInput[];
  readonly expose: readonly number[];
  readonly volumes: readonly VolumeInput[];
  readonly dependsOn: readonly string[];
  readonly healthcheck?: { readonly test?: string | readonly string[]; readonly interval?: string; readonly timeout?: string; readonly retries?: number; readonly startPeriod?: string; readonly disable?: boolean };
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** Keys not read into the fields above, exactly as written. */
  readonly rest: Readonly<Record<string, unknown>>;
}

export interface PortInput {
  readonly container: number;
  readonly host?: number;
  readonly hostIp?: string;
  readonly protocol: 'tcp' | 'udp';
  /** As written, for messages. */
  readonly text: string;
}

export type VolumeInput =
  | { readonly type: 'volume'; readonly source: string; readonly target: string; readonly readOnly: boolean }
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly: boolean }
  | { readonly type: 'anonymous'; readonly target: string }
  | { readonly type: 'tmpfs'; readonly target: string; readonly size?: string };

/** The whole file: services in file order, top-level keys Slipway derives or does not import. */
export interface ComposeFileInput {
  readonly name?: string;
  readonly services: readonly ComposeInput[];
  /** Top-level keys other than services/volumes/networks/name/version (`secrets`, `configs`, `x-*`). */
  readonly otherTopLevel: readonly string[];
  /** Top-level volumes declared `external: true` (kept as they are). */
  readonly externalVolumes: ReadonlySet<string>;
}

const READ = new Set(['image', 'build', 'environment', 'ports', 'expose', 'volumes', 'depends_on', 'healthcheck', 'command', 'entrypoint']);

/** Parses a Compose file; throws with a readable message when it is not one. */
export function readComposeFile(text: string): ComposeFileInput {
  const doc = parse(text, { merge: true }) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || !doc.services || typeof doc.services !== 'object') {
    throw new Error('this is not a Compose file: it has no "services" mapping.');
  }
  const services = Object.entries(doc.services as Record<string, Record<string, unknown> | null>).map(([name, raw]) => readService(name, raw ?? {}));
  const externalVolumes = new Set(
    Object.entries((doc.volumes as Record<string, { external?: unknown } | null> | undefined) ?? {})
      .filter(([, v]) => v?.external)
      .map(([k]) => k),
  );
  const otherTopLevel = Object.keys(doc).filter((k) => !['services', 'volumes', 'networks', 'name', 'version'].includes(k));
  return { name: typeof doc.name === 'string' ? doc.name : undefined, services, otherTopLevel, externalVolumes };
}

function readService(name: string, s: Record<string, unknown>): ComposeInput {
  const rest = Object.fromEntries(Object.entries(s).filter(([k]) => !READ.has(k)));
  const hc = s.healthcheck as Record<string, unknown> | undefined;
  return {
    name,
    image: s.image === undefined ? undefined : String(s.image),
    build: readBuild(s.build),
    environment: readEnv(s.environment),
    ports: ((s.ports as unknown[] | undefined) ?? []).flatMap(readPort),
    expose: ((s.expose as unknown[] | undefined) ?? []).map((e) => Number.parseInt(String(e), 10)).filter((n) => Number.isFinite(n)),
    volumes: ((s.volumes as unknown[] | undefined) ?? []).map(readVolume),
    dependsOn: Array.isArray(s.depends_on) ? s.depends_on.map(String) : Object.keys((s.depends_on as object | undefined) ?? {}),
    healthcheck: hc && {
      test: hc.test as string | string[] | undefined,
      interval: hc.interval as string | undefined,
      timeout: hc.timeout as string | undefined,
      retries: hc.retries === undefined ? undefined : Number(hc.retries),
      startPeriod: hc.start_period as string | undefined,
      disable: hc.disable === true,
    },
    command: argv(s.command),
    entrypoint: argv(s.entrypoint),
    rest,
  };
}

function readBuild(b: unknown): ComposeInput['build'] {
  if (b === undefined || b === null) return undefined;
  if (typeof b === 'string') return { context: b, args: {} };
  const o = b as Record<string, unknown>;
  const args = Array.isArray(o.args)
    ? Object.fromEntries(o.args.map((a) => String(a).split(/=(.*)/s, 2) as [string, string]).map(([k, v]) => [k, v ?? '']))
    : Object.fromEntries(Object.entries((o.args as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
  return { context: String(o.context ?? '.'), dockerfile: o.dockerfile === undefined ? undefined : String(o.dockerfile), args, target: o.target === undefined ? undefined : String(o.target) };
}

function readEnv(e: unknown): Array<readonly [string, string]> {
  if (!e) return [];
  if (Array.isArray(e)) {
    return e.map((item) => {
      const [k, v] = String(item).split(/=(.*)/s, 2) as [string, string | undefined];
      return [k, v ?? `\${${k}}`] as const; // `- NAME` alone passes the shell's value through
    });
  }
  return Object.entries(e as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? `\${${k}}` : String(v)] as const);
}

function readPort(p: unknown): PortInput[] {
  if (typeof p === 'object' && p !== null) {
    const o = p as Record<string, unknown>;
    const container = Number(o.target);
    return [{ container, host: o.published === undefined ? undefined : Number(o.published), hostIp: o.host_ip as string | undefined, protocol: o.protocol === 'udp' ? 'udp' : 'tcp', text: JSON.stringify(o) }];
  }
  const text = String(p);
  const [spec, proto] = text.split('/') as [string, string | undefined];
  const parts = spec.split(':');
  const container = parts.pop()!;
  const host = parts.pop();
  const hostIp = parts.length ? parts.join(':').replace(/^\[|\]$/g, '') : undefined;
  // Ranges ("8000-8002:8000-8002") become one mapping per port.
  const [c0, c1] = container.split('-').map(Number) as [number, number | undefined];
  const [h0] = (host ?? '').split('-').map(Number) as [number];
  const count = c1 === undefined ? 1 : c1 - c0 + 1;
  return Array.from({ length: count }, (_, i) => ({
    container: c0 + i,
    host: host ? h0 + i : undefined,
    hostIp,
    protocol: proto === 'udp' ? 'udp' : 'tcp',
    text,
  }));
}

function readVolume(v: unknown): VolumeInput {
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const target = String(o.target);
    if (o.type === 'tmpfs') return { type: 'tmpfs', target, size: (o.tmpfs as { size?: unknown } | undefined)?.size?.toString() };
    if (!o.source) return { type: 'anonymous', target };
    return { type: o.type === 'bind' ? 'bind' : 'volume', source: String(o.source), target, readOnly: o.read_only === true };
  }
  const parts = String(v).split(':');
  if (parts.length === 1) return { type: 'anonymous', target: parts[0]! };
  const [source, target, mode] = parts as [string, string, string | undefined];
  const readOnly = (mode ?? '').split(',').includes('ro');
  const bind = /^[./~]/.test(source) || source.startsWith('$');
  return { type: bind ? 'bind' : 'volume', source, target, readOnly };
}

/** A command as Compose runs it: a list as is, a string split like a shell would (no expansion). */
function argv(c: unknown): string[] | undefined {
  if (c === undefined || c === null) return undefined;
  if (Array.isArray(c)) return c.map(String);
  return shellWords(String(c));
}

/** Splits on blanks, honouring single quotes, double quotes and backslashes. */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      any = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (cur || any) out.push(cur);
  return out;
}
