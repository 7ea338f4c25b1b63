/**
 * Local mode serves every route over plain HTTP on this machine: browsers and curl resolve
 * `*.localhost` to the loopback address, so each host name gets a `<host>.localhost` alias.
 */
export function localAlias(host: string): string {
  return `${host}.localhost`;
}

/** The names a proxy answers for `hosts`: the hosts, then (local mode) their `.localhost` aliases. */
export function servedHostNames(hosts: readonly string[], local: boolean): string[] {
  return local ? [...hosts, ...hosts.map(localAlias)] : [...hosts];
}

/** Where a browser reaches `host`: `https://host` in production, `http://host.localhost` locally. */
export function hostOrigin(host: string, local: boolean): string {
  return local ? `http://${localAlias(host)}` : `https://${host}`;
}
