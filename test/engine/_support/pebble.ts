import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_DIR, eventually, must, sh } from './engine.js';

/** The private engine's docker0 address: containers reach the host there. */
export const HOST_FROM_CONTAINERS = '10.252.0.1';
/** pebble's ACME directory, as containers (certbot, Caddy) see it. */
export const PEBBLE_DIRECTORY = `https://${HOST_FROM_CONTAINERS}:14000/dir`;

/**
 * pebble, Let's Encrypt's test ACME server (Debian package), with pebble-challtestsrv as its DNS:
 * every name resolves to 127.0.0.1, so HTTP-01 and TLS-ALPN-01 validations reach the stack's
 * proxy through its published ports 80 and 443. Its own HTTPS certificate comes from the
 * harness's test CA, which the stand-in images trust. Started and stopped by PID.
 */
export class Pebble {
  private readonly dir = join(ENGINE_DIR, 'pebble');
  private procs: ChildProcess[] = [];

  async start(): Promise<void> {
    this.stop();
    mkdirSync(this.dir, { recursive: true });
    const pki = join(ENGINE_DIR, 'pki');
    must(`set -e; cd ${this.dir}
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=pebble -keyout server.key -out server.csr 2>/dev/null
      printf 'subjectAltName=IP:${HOST_FROM_CONTAINERS},IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n' >ext.cnf
      openssl x509 -req -in server.csr -CA ${pki}/ca.crt -CAkey ${pki}/ca.key -CAcreateserial -days 30 -extfile ext.cnf -out server.crt 2>/dev/null`);
    writeFileSync(join(this.dir, 'pebble.json'), JSON.stringify({
      pebble: {
        listenAddress: `${HOST_FROM_CONTAINERS}:14000`, managementListenAddress: '127.0.0.1:15000',
        certificate: join(this.dir, 'server.crt'), privateKey: join(this.dir, 'server.key'),
        httpPort: 80, tlsPort: 443, ocspResponderURL: '', externalAccountBindingRequired: false,
      },
    }));
    // unref: the test worker may exit while these run; stop() ends them by PID, `timeout` bounds them anyway.
    const bounded = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const child = spawn('timeout', ['1800', ...args], { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, ...env } });
      child.unref();
      return child;
    };
    this.procs.push(bounded(['pebble-challtestsrv', '-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', '127.0.0.1:8053',
      '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', '127.0.0.1:8055']));
    this.procs.push(bounded(['pebble', '-config', join(this.dir, 'pebble.json'), '-dnsserver', '127.0.0.1:8053'],
      { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' }));
    const up = await eventually(() => sh(`curl -fsS -m 2 --cacert ${pki}/ca.crt ${PEBBLE_DIRECTORY}`).code === 0, 40, 500);
    if (!up) throw new Error('pebble did not answer on its ACME directory');
  }

  /** pebble's root certificate: what the certificates it issues chain to (a new one each start). */
  root(): string {
    const file = join(this.dir, 'root.pem');
    must(`curl -fsS -m 5 -k https://127.0.0.1:15000/roots/0 -o ${file}`);
    return file;
  }

  stop(): void {
    for (const p of this.procs) p.kill('SIGTERM');
    this.procs = [];
  }
}
