import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestNamespace } from '../../proxy/namespace.js';

/** test/proxy/fixtures: the stand-in upstream and Docker DNS stub the proxy tests use. */
export const PROXY_FIXTURES = fileURLToPath(new URL('../../proxy/fixtures/', import.meta.url));

/** Starts a DNS stub on 127.0.0.11 (Docker's resolver) answering `records`, inside `ns`. */
export async function startDockerDns(ns: TestNamespace, records: Readonly<Record<string, string>>): Promise<void> {
  await ns.spawn('node', [join(PROXY_FIXTURES, 'dns-stub.mjs'), '127.0.0.11', JSON.stringify(records)], 'dns ready');
}

/** Starts a stand-in upstream (JSON echo, see upstream.mjs) named `name` on `ip:port`, inside `ns`. */
export async function startUpstream(ns: TestNamespace, name: string, ip: string, port: number): Promise<void> {
  await ns.spawn('node', [join(PROXY_FIXTURES, 'upstream.mjs'), name, ip, String(port)], `${name} ready`);
}

/** nginx command-line arguments that keep every runtime file (pid, logs, temp) inside `dir`. */
export function nginxArgs(dir: string, conf: string): string[] {
  return ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`];
}

/**
 * An nginx.conf that includes a `server {}` block the way the official image's conf.d does,
 * with every writable path inside `dir` (for a generated per-app server block).
 */
export function wrapServerBlock(dir: string, serverConf: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir};`).join('\n');
  return `events {}\nhttp {\n  access_log off;\n  types { text/html html; application/javascript js; text/css css; }\n${temp}\n  include ${serverConf};\n}\n`;
}
