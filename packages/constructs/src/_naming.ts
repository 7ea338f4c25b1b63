import type { IConstruct } from 'constructs';

/** Path of a construct below its App, e.g. `db/password`. */
export function relativePath(c: IConstruct): string {
  return c.node.path;
}

/** `db/password` → `DB_PASSWORD`: the environment variable a construct's value lives in. */
export function envNameOf(c: IConstruct): string {
  return relativePath(c)
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** `web/worker` → `web-worker`: a readable, stable name for Compose. */
export function dnsNameOf(c: IConstruct): string {
  return relativePath(c)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A DNS label: what Compose service, network and volume names must be (at most 63 characters). */
export const DNS_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Variable names that usually hold credentials. */
export const SECRET_LIKE_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|PEPPER|_PASS$|^PASS$|_KEY$)/i;
