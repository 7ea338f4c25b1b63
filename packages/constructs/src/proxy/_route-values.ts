import type { DomainProps } from '../domain.js';
import type { SecurityHeadersModel } from '../model/proxy-model.js';

/** `10m` → 10, `512k` → 1 (rounded up), `1g` → 1024; undefined when not a size. */
export function parseBodySize(size: string): number | undefined {
  if (typeof size !== 'string') return undefined;
  const m = /^(\d+)\s*([kmg]?)b?$/i.exec(size.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (unit === 'g') return n * 1024;
  if (unit === 'm') return n;
  if (unit === 'k') return Math.max(1, Math.ceil(n / 1024));
  return Math.max(1, Math.ceil(n / 1024 / 1024));
}

/** Two years, as Mozilla recommends. */
export const DEFAULT_HSTS_MAX_AGE = 63_072_000;
export const DEFAULT_PERMISSIONS_POLICY = 'camera=(), geolocation=(), microphone=(), payment=(), usb=()';

/** Headers removed from upstream responses: they advertise software versions. */
export const REMOVED_HEADERS = ['Server', 'X-AspNet-Version', 'X-AspNetMvc-Version', 'X-Powered-By'] as const;

/** The OWASP secure-headers baseline for one Domain, plus its CSP and extra headers. */
export function securityHeaders(p: DomainProps, tls: boolean): SecurityHeadersModel {
  const frame = p.frameOptions ?? 'DENY';
  const set = new Map<string, string>([
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Permissions-Policy', p.permissionsPolicy ?? DEFAULT_PERMISSIONS_POLICY],
    ['Referrer-Policy', p.referrerPolicy ?? 'strict-origin-when-cross-origin'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', frame],
  ]);
  // Without a user CSP, still forbid framing the modern way.
  set.set('Content-Security-Policy', p.csp ?? `frame-ancestors ${frame === 'DENY' ? "'none'" : "'self'"}`);
  for (const [k, v] of Object.entries(p.headers ?? {})) set.set(k, v);
  const hsts = p.hsts ?? {};
  return {
    hsts: tls
      ? { maxAge: hsts.maxAge ?? DEFAULT_HSTS_MAX_AGE, includeSubDomains: hsts.includeSubDomains ?? false, preload: hsts.preload ?? false }
      : undefined,
    set: [...set.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    remove: [...REMOVED_HEADERS],
  };
}

/** The `Strict-Transport-Security` value. */
export function hstsValue(h: { maxAge: number; includeSubDomains: boolean; preload: boolean }): string {
  return [`max-age=${h.maxAge}`, ...(h.includeSubDomains ? ['includeSubDomains'] : []), ...(h.preload ? ['preload'] : [])].join('; ');
}

/** Paths of hashed build assets (Vite `/assets/index-3f2a9c1b.js`, Next `/_next/static/…`). RE2- and PCRE-compatible. */
export const HASHED_ASSET_REGEX = '^/(?:.*/)?(?:assets|static|_next/static)/.*[.-][A-Za-z0-9_-]{8,}\\.(?:css|js|mjs|map|woff2?|ttf|otf|eot|svg|png|jpe?g|gif|webp|avif|ico)$';
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** MIME types worth compressing (text). */
export const COMPRESSIBLE_TYPES = [
  'application/javascript',
  'application/json',
  'application/manifest+json',
  'application/xml',
  'image/svg+xml',
  'text/css',
  'text/javascript',
  'text/plain',
  'text/xml',
] as const;
