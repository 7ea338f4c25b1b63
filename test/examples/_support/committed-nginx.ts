import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapPaths, selfSignedCertificate, tempDir } from '../../proxy/_files.js';
import { TestNamespace } from '../../proxy/namespace.js';
import type { CommittedOutput } from './committed-output.js';
import { nginxArgs, PROXY_FIXTURES, startDockerDns } from './nginx-server.js';

/** True when this machine can run nginx inside a private network namespace. */
export const canRunNginx = TestNamespace.available() && spawnSync('nginx', ['-v']).status === 0;

/** A running nginx serving an example's committed `nginx/nginx.conf`, with its namespace. */
export interface LiveNginx {
  readonly ns: TestNamespace;
  readonly dir: string;
  /** Result of `nginx -t` on the mapped config. */
  readonly test: { readonly status: number | null; readonly stderr: string };
  stop(): void;
}

/**
 * Serves the committed nginx.conf of `out` for real: certbot's paths mapped to a temp folder
 * holding self-signed certificates (one per `certificates` entry: name → hosts), the ACME webroot
 * holding `challenge`, Docker's DNS answered by a stub, and each service in `upstreams` played
 * by a stand-in (`upstream.mjs`, or `cors-upstream.mjs` with `cors: true`) on its own loopback address.
 */
export async function serveCommittedNginx(
  out: CommittedOutput,
  options: {
    readonly certificates: Readonly<Record<string, readonly string[]>>;
    readonly upstreams: ReadonlyArray<{ readonly name: string; readonly ip: string; readonly port: number; readonly cors?: boolean }>;
    readonly challenge?: string;
  },
): Promise<LiveNginx> {
  const dir = tempDir('slipway-example-nginx-');
  const paths = { le: join(dir, 'le'), webroot: join(dir, 'webroot'), logs: join(dir, 'logs'), auth: join(dir, 'auth') };
  for (const p of Object.values(paths)) mkdirSync(p, { recursive: true });
  for (const [name, hosts] of Object.entries(options.certificates)) selfSignedCertificate(paths.le, name, hosts);
  if (options.challenge) {
    mkdirSync(join(paths.webroot, '.well-known/acme-challenge'), { recursive: true });
    writeFileSync(join(paths.webroot, '.well-known/acme-challenge', options.challenge), `${options.challenge}.key-auth`);
  }
  const conf = mapPaths(out.text('nginx/nginx.conf'), {
    '/etc/letsencrypt': paths.le,
    '/var/www/certbot': paths.webroot,
    '/etc/slipway/auth': paths.auth,
    '/var/log/nginx': paths.logs,
  });
  writeFileSync(join(dir, 'nginx.conf'), conf);
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  const args = nginxArgs(dir, join(dir, 'nginx.conf'));
  const records = Object.fromEntries(options.upstreams.map((u) => [u.name, u.ip]));
  const ns = await TestNamespace.start(records);
  try {
    await startDockerDns(ns, records);
    for (const u of options.upstreams) {
      await ns.spawn('node', [join(PROXY_FIXTURES, u.cors ? 'cors-upstream.mjs' : 'upstream.mjs'), u.name, u.ip, String(u.port)], `${u.name} ready`);
    }
    const t = ns.run('nginx', ['-t', ...args]);
    if (t.status === 0) {
      const start = ns.run('nginx', args);
      if (start.status !== 0) throw new Error(`nginx did not start: ${start.stderr}`);
    }
    return {
      ns,
      dir,
      test: { status: t.status, stderr: t.stderr },
      stop() {
        ns.run('nginx', [...args, '-s', 'quit']);
        ns.stop();
      },
    };
  } catch (e) {
    ns.stop();
    throw e;
  }
}
