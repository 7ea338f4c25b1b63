import { isIP } from 'node:net';

/** A fully qualified host name Let's Encrypt can issue for: lowercase labels, at least one dot. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `host` is not a usable host name, or undefined when it is. */
export function hostNameProblem(host: string): string | undefined {
  if (host === '') return 'is empty';
  if (/[A-Z]/.test(host)) return 'has uppercase letters';
  if (host.includes('*')) return 'is a wildcard, which HTTP-01 challenges cannot certify';
  if (/[:/\s]/.test(host)) return 'contains a scheme, port, path or space';
  if (isIP(host)) return 'is an IP address, which Let\'s Encrypt does not certify';
  if (host.length > 253) return 'is longer than 253 characters';
  const labels = host.split('.');
  if (labels.length < 2 && host !== 'localhost') return 'has no dot (use the full name, e.g. "app.example.com")';
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return `has an invalid label "${bad}" (letters, digits and inner "-", 1 to 63 characters)`;
  return undefined;
}

/** True for an IPv4/IPv6 address or CIDR range. */
export function isAddressOrRange(value: string): boolean {
  const [addr, bits, ...rest] = value.split('/');
  if (rest.length || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

/** A plausible e-mail address (what ACME accepts: something@domain.tld). */
export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export const HEADER_NAME = /^[A-Za-z0-9-]{1,128}$/;
