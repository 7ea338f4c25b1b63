import { CONTAINER_PATHS } from './_paths.js';
import type { BasicAuthModel, ProxyModel, RouteModel } from '../model/proxy-model.js';
import { shQuoted } from '../formats/shell.js';

/** Password files to derive: one per basic-auth route (and the Traefik dashboard). */
export function authFiles(routes: readonly RouteModel[], proxy: ProxyModel): Array<{ name: string; auth: BasicAuthModel }> {
  const files = routes.flatMap((r) => (r.basicAuth ? [{ name: r.name, auth: r.basicAuth }] : []));
  if (proxy.dashboard) files.push({ name: 'dashboard', auth: proxy.dashboard.auth });
  return files;
}

/**
 * `derive-auth.sh`, run once at each start by the `proxy-auth` service (an image with
 * `htpasswd`): hashes each basic-auth password, read from the environment (`.env`), with
 * bcrypt into `<route>.htpasswd` (nginx, Traefik) and `<route>.caddy` (Caddy's `basicauth`
 * syntax). No password or hash is ever written into a generated file.
 */
export function renderAuthScript(routes: readonly RouteModel[], proxy: ProxyModel): string {
  const lines: string[] = [
    '# Derives bcrypt password files from the secrets in the environment. Run by the proxy-auth',
    '# service before the proxy starts; AUTH_DIR overrides the output folder (tests).',
    'set -eu',
    'umask 022',
    `dir="\${AUTH_DIR:-${CONTAINER_PATHS.authWriteDir}}"`,
    'mkdir -p "$dir"',
    '',
    '# hash USER VARIABLE: prints USER:HASH, reading the password from $VARIABLE.',
    'hash() {',
    '  eval "pw=\\${$2:-}"',
    '  if [ -z "$pw" ]; then echo "derive-auth.sh: $2 is empty; set it in .env" >&2; exit 1; fi',
    '  printf \'%s\' "$pw" | htpasswd -niB -C 10 "$1" | grep -v \'^$\'',
    '}',
    '',
  ];
  for (const f of authFiles(routes, proxy)) {
    lines.push(`# ${f.name}`, `: > "$dir/${f.name}.htpasswd.tmp"`);
    for (const u of f.auth.users) lines.push(`hash ${shQuoted(u.user)} ${u.variable} >> "$dir/${f.name}.htpasswd.tmp"`);
    lines.push(
      `sed 's/^\\([^:]*\\):/\\1 /' "$dir/${f.name}.htpasswd.tmp" > "$dir/${f.name}.caddy"`,
      `mv "$dir/${f.name}.htpasswd.tmp" "$dir/${f.name}.htpasswd"`,
      '',
    );
  }
  lines.push('echo "derive-auth.sh: password files written to $dir"');
  return lines.join('\n') + '\n';
}
