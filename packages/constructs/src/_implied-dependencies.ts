import { Tokens, type ValidationProblem } from '@slipway/core';
import type { IConstruct } from 'constructs';
import { Secret } from './secret.js';
import { Service, type EnvValue } from './service.js';
import { PlainValue } from './plain-value.js';

/**
 * Closes the "hand-written connection string" trap: a value that carries a Secret and names
 * another service as its host (`mysql://app:${password}@mysql:3306/app`) is a connection to that
 * service, whether or not it came from a typed reference.
 *
 * - When the other service uses the same Secret in its own environment (its password), the
 *   connection is certain: it is wired like a typed reference (network + `depends_on`).
 * - Otherwise Slipway cannot tell, and validation says what is missing and how to fix it.
 */

/** Values of a service that may carry references: environment, command and entrypoint. */
export function carriedValues(s: Service): Array<{ readonly where: string; readonly value: unknown }> {
  const p = s.props;
  const raw = (v: EnvValue): unknown => (Secret.isSecret(v) ? v.value : v instanceof PlainValue ? v.value : v);
  return [
    ...s.environment.map(([k, v]) => ({ where: k, value: raw(v) })),
    ...(Array.isArray(p.command) ? p.command.map((v, i) => ({ where: `command[${i}]`, value: v as unknown })) : []),
    ...(Array.isArray(p.entrypoint) ? p.entrypoint.map((v, i) => ({ where: `entrypoint[${i}]`, value: v as unknown })) : []),
  ];
}

/** The secrets a service's own environment carries. */
function secretsOf(s: Service): Set<Secret> {
  const out = new Set<Secret>();
  for (const { value } of carriedValues(s)) for (const r of Tokens.references(value)) if (Secret.isSecret(r.producer)) out.add(r.producer);
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `text` names `host` in the place of a host: `@host:`, `//host/`, `host:3306`, … */
export function namesHost(text: string, host: string): boolean {
  return new RegExp(`(^|[@/=,;\\s])${escapeRe(host)}(:\\d{1,5})?($|[/?,;#\\s])`).test(text);
}

/** Words in the place of a host in a connection string: after `@`, `//` or `=`, or at the start. */
function hostCandidates(text: string): string[] {
  return [...text.matchAll(/(?:@|\/\/|=|^)([A-Za-z0-9][A-Za-z0-9_.-]*)(?=:\d|[/?,;#\s]|$)/g)].map((m) => m[1]!);
}

/** Services a value connects to without a typed reference, split into certain and unsure. */
interface Connections {
  /** Named as host and sharing a Secret with the value: wire them. */
  readonly certain: ReadonlyArray<{ readonly where: string; readonly target: Service }>;
  /** Named as host, the value carries a secret, but nothing ties them: report. */
  readonly unsure: ReadonlyArray<{ readonly where: string; readonly target: Service }>;
}

function connectionsOf(s: Service): Connections {
  // Walked only for a value that carries a secret: most services have none, and a walk per service is quadratic.
  let found: Service[] | undefined;
  const others = () =>
    (found ??= s.node.root.node.findAll().filter(Service.isService).filter((o) => o !== s && !s.node.scopes.includes(o as IConstruct) && !o.node.scopes.includes(s)));
  const certain: Array<{ where: string; target: Service }> = [];
  const unsure: Array<{ where: string; target: Service }> = [];
  const explicit = new Set<Service>(s.dependencies);
  for (const { where, value } of carriedValues(s)) {
    const refs = Tokens.references(value);
    const secrets = refs.map((r) => r.producer).filter(Secret.isSecret);
    if (!secrets.length) continue;
    const owners = new Set(refs.map((r) => Service.owning(r.producer)).filter((o): o is Service => o !== undefined));
    const text = typeof value === 'string' || Tokens.isUnresolved(value) ? Tokens.resolveString(value as string, { target: 'host-scan' }) : String(value);
    // Cheap first: only a host that is not already wired sends us walking the tree.
    const wired = new Set([...owners, ...explicit].map((o) => o.name));
    if (!hostCandidates(text).some((h) => !wired.has(h))) continue;
    for (const o of others()) {
      if (typeof o.name !== 'string' || owners.has(o) || explicit.has(o) || !namesHost(text, o.name)) continue;
      const theirs = secretsOf(o);
      if (secrets.some((x) => theirs.has(x))) certain.push({ where, target: o });
      else unsure.push({ where, target: o });
    }
  }
  return { certain, unsure };
}

/** Services `s` connects to through hand-written values that share a Secret with them. */
export function impliedDependencies(s: Service): Service[] {
  return [...new Set(connectionsOf(s).certain.map((c) => c.target))];
}

/** Hand-written connections Slipway cannot wire by itself: what is missing, and the fix. */
export function impliedDependencyProblems(s: Service): ValidationProblem[] {
  return connectionsOf(s).unsure.map(({ where, target }) => {
    const data = target.role === 'database' || target.role === 'cache';
    return {
      message:
        `${where} names the service "${target.name}" as its host and carries a secret, but ${s.name} neither uses a reference of ${target.name} nor depends on it: ` +
        `${s.name} would start before ${target.name} is ready${data ? ` and would not join its internal network ${target.name}-net` : ''}.`,
      fix: `use ${target.name}'s typed reference (e.g. db.url) in ${where}, or add dependsOn: [${target.name}] to ${s.name}.`,
    };
  });
}
