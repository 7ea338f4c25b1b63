import { envNameOf, Names, templateText, tsString } from './registry.js';

/** A data service the program declares, as env values can reference it. */
export interface DataRef {
  readonly kind: 'postgres' | 'redis';
  readonly compose: string;
  readonly variable: string;
  /** Postgres: the role, the database and the password as literally written (to recognise them). */
  readonly user?: string;
  readonly database?: string;
  readonly password?: string;
}

/** A Secret the program declares. */
export interface SecretDecl {
  readonly variable: string;
  readonly id: string;
  /** `.env` name. */
  readonly env: string;
  /** Where its value was (for the user, and the Secret's `provided` text). */
  readonly from: string;
}

/** Secrets shared by value: the same literal (or the same `${VAR}`) becomes one Secret. */
export class Secrets {
  private readonly byKey = new Map<string, SecretDecl>();
  readonly list: SecretDecl[] = [];
  constructor(private readonly names: Names) {}

  /**
   * The Secret for a literal (or a `${VAR}` reference) found under `key` of service `service`.
   * One Secret per value: the same password written in two places stays one value.
   */
  for(key: string, value: string, service: string, envHint?: string): SecretDecl {
    const interp = wholeInterpolation(value);
    const mapKey = interp ? `$${interp.name}` : `=${value}`;
    const known = this.byKey.get(mapKey);
    if (known) return known;
    let env = interp?.name ?? envHint ?? key;
    if (!this.names.claimEnv(env)) {
      env = envNameOf(`${service}_${key}`);
      for (let i = 2; !this.names.claimEnv(env); i++) env = `${envNameOf(`${service}_${key}`)}_${i}`;
    }
    const id = this.names.id(env.toLowerCase().replace(/_/g, '-'), 'secret');
    const decl: SecretDecl = {
      variable: this.names.variable(env.toLowerCase(), 'Secret'),
      id,
      env,
      from: interp ? `\${${interp.name}} in the Compose file (${service}.${key}): the value in your current .env` : `${service}.${key} in the Compose file`,
    };
    this.byKey.set(mapKey, decl);
    this.list.push(decl);
    return decl;
  }
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}` as the whole value. */
export function wholeInterpolation(v: string): { name: string; fallback?: string } | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|:?\?[^}]*)?\}$/.exec(v) ?? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(v);
  if (!m) return undefined;
  return { name: m[1]!, fallback: m[2] ? m[3] : undefined };
}

/** Whether the value contains an interpolation somewhere (not only as a whole). */
export function hasInterpolation(v: string): boolean {
  return /\$\{[A-Za-z_]|\$[A-Za-z_]/.test(v.replace(/\$\$/g, ''));
}

const SECRET_LIKE = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|PEPPER|_PASS$|^PASS$|_KEY$)/i;
/** Values that are never secrets even under a secret-like name: numbers, booleans, durations, empty. */
const PLAIN_VALUE = /^(\d+[smhdw]?|true|false|yes|no|on|off|)$/i;

/** How one environment variable is written in the program. */
export type EnvExpr =
  | { readonly kind: 'expr'; readonly code: string; readonly uses?: string }
  /** Kept raw, as a Compose override (partial interpolation Slipway would escape). */
  | { readonly kind: 'raw'; readonly value: string };

/**
 * Maps a value of the Compose file: URLs and host names of the databases become their references,
 * secrets (literal or `${VAR}`) become Secrets, `${VAR:-default}` its default, the rest a literal.
 */
export function envExpr(key: string, value: string, service: string, data: readonly DataRef[], secrets: Secrets, notes: string[]): EnvExpr {
  for (const d of data) {
    const url = dataUrl(value, d);
    if (url) return { kind: 'expr', code: url, uses: d.compose };
    if (value === d.compose && /HOST|SERVER|ADDR/i.test(key)) return { kind: 'expr', code: d.kind === 'postgres' ? `${d.variable}.host` : `${d.variable}.name`, uses: d.compose };
    if (d.kind === 'postgres' && d.password !== undefined && value === d.password && /PASS/i.test(key)) return { kind: 'expr', code: `${d.variable}.password`, uses: d.compose };
    if (d.kind === 'postgres' && value === d.user && /USER/i.test(key)) return { kind: 'expr', code: `${d.variable}.user` };
    if (d.kind === 'postgres' && value === d.database && /(NAME|DB|DATABASE)$/i.test(key)) return { kind: 'expr', code: `${d.variable}.database` };
  }
  const cred = /^([a-z][\w+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@.*)$/i.exec(value);
  if (cred && !hasInterpolation(cred[2]!)) {
    // A password inside a connection URL (mysql://app:pw@mysql/app): the URL stays, the password becomes a Secret.
    const secret = secrets.for(`${key}_PASSWORD`.replace(/_(URL|URI|DSN)_PASSWORD$/, '_PASSWORD'), cred[2]!, service);
    return { kind: 'expr', code: `\`${templateText(cred[1]!)}\${${secret.variable}.value}${templateText(cred[3]!)}\`` };
  }
  const interp = wholeInterpolation(value);
  if (interp) {
    if (interp.fallback !== undefined && !SECRET_LIKE.test(key) && !SECRET_LIKE.test(interp.name)) {
      notes.push(`${service}.${key}: \${${interp.name}:-${interp.fallback}} became its default "${interp.fallback}"; set another value in infra.ts.`);
      return { kind: 'expr', code: tsString(interp.fallback) };
    }
    return { kind: 'expr', code: secrets.for(key, value, service).variable };
  }
  if (hasInterpolation(value)) return { kind: 'raw', value };
  if (SECRET_LIKE.test(key)) {
    if (PLAIN_VALUE.test(value)) return { kind: 'expr', code: `plain(${tsString(value)})` };
    return { kind: 'expr', code: secrets.for(key, value, service).variable };
  }
  return { kind: 'expr', code: tsString(value.replace(/\$\$/g, '$')) };
}

/** `postgres://u:p@db:5432/app?x` → `` `${db.url}?x` ``; `redis://redis:6379/2` → `redis.urlFor(2)`. */
function dataUrl(value: string, d: DataRef): string | undefined {
  const host = d.compose.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (d.kind === 'postgres') {
    const m = new RegExp(`^(postgres(?:ql)?(?:\\+\\w+)?)://[^@/]*@${host}(?::\\d+)?/[^?]*(\\?.*)?$`).exec(value);
    if (m) {
      const suffix = m[2] ?? '';
      if (m[1] !== 'postgresql' && m[1] !== 'postgres') {
        // postgresql+psycopg://… (SQLAlchemy): the same URL from its parts, keeping the driver.
        const v = d.variable;
        return `\`${templateText(m[1]!)}://\${${v}.user}:\${${v}.password.value}@\${${v}.host}:5432/\${${v}.database}${templateText(suffix)}\``;
      }
      return suffix ? `\`\${${d.variable}.url}${templateText(suffix)}\`` : `${d.variable}.url`;
    }
    const j = new RegExp(`^jdbc:postgresql://${host}(?::\\d+)?/[^?]*(\\?.*)?$`).exec(value);
    if (j) return `\`jdbc:postgresql://\${${d.variable}.host}:5432/\${${d.variable}.database}${templateText(j[1] ?? '')}\``;
    return undefined;
  }
  const r = new RegExp(`^rediss?://(?:[^@/]*@)?${host}(?::\\d+)?(?:/(\\d+))?/?$`).exec(value);
  if (r) return r[1] && r[1] !== '0' ? `${d.variable}.urlFor(${Number(r[1])})` : `${d.variable}.url`;
  return undefined;
}
