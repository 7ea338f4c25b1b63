import { describe, expect, test } from 'vitest';
import { AdminTool, App, Backup, Domain, HealthCheck, Host, Monitoring, Postgres, Service, Testing } from '../../src/index.js';

function stack(opts: { host?: boolean; backup?: boolean } = {}) {
  const app = new App({ name: 'dropit', acme: { email: 'ops@dropit.example' } });
  const db = new Postgres(app, 'db', { database: 'dropit' });
  const api = new Service(app, 'api', {
    image: 'ghcr.io/dropit/api:2.0.0',
    port: 3000,
    ports: [{ container: 3000, host: 3100 }],
    env: { DATABASE_URL: db.url },
    healthCheck: HealthCheck.http(3000, '/api/health'),
  });
  const web = new Service(app, 'web', { image: 'ghcr.io/dropit/web:2.0.0', port: 80, healthCheck: HealthCheck.http(80, '/') });
  new Domain(app, 'api-domain', { host: 'api.dropit.example', to: api });
  new Domain(app, 'web-domain', { host: 'dropit.example', to: web, wwwRedirect: 'www-to-apex' });
  new AdminTool(app, 'adminer', { databases: [db] });
  if (opts.backup ?? true) new Backup(app, 'db-backup', { database: db });
  if (opts.host ?? true) {
    new Host(app, 'server', { sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey alice@laptop'], sshAllowFrom: ['203.0.113.7'], ipv4: '198.51.100.20', ipv6: '2001:db8::20' });
  }
  return Testing.synth(app).text('DEPLOY.md');
}

describe('DEPLOY.md', () => {
  test('GIVEN Domains and a Host with IPv4 and IPv6 THEN every served and redirected host name has an A and an AAAA record', () => {
    const md = stack();
    for (const name of ['api.dropit.example', 'dropit.example', 'www.dropit.example']) {
      expect(md).toContain(`| A | ${name} | 198.51.100.20 |`);
      expect(md).toContain(`| AAAA | ${name} | 2001:db8::20 |`);
      expect(md).toContain(`dig +short A ${name}`);
    }
  });

  test('GIVEN published ports THEN each one is listed with its bind address and who can reach it', () => {
    const md = stack();
    expect(md).toContain('| api | 127.0.0.1 | 3100/tcp | 3000 | this server only (SSH tunnel) |');
    expect(md).toContain('| adminer | 127.0.0.1 | 8081/tcp | 8080 | this server only (SSH tunnel) |');
    expect(md).toContain('| proxy | 0.0.0.0 | 80/tcp | 80 | the internet |');
    expect(md).toContain('| proxy | 0.0.0.0 | 443/tcp | 443 | the internet |');
    expect(md).toContain('**22/tcp** only from `203.0.113.7`');
  });

  test('GIVEN Domains THEN Verify has the exact curl commands: status, HTTP→HTTPS redirect, www redirect, loopback health', () => {
    const md = stack();
    expect(md).toContain("curl -fsS -o /dev/null -w '%{http_code}\\n' https://api.dropit.example/");
    expect(md).toContain("curl -sI http://api.dropit.example/ | grep -i '^location: https://'");
    expect(md).toContain("curl -sI https://www.dropit.example/ | grep -i '^location: https://dropit.example'");
    expect(md).toContain('curl -fsS http://127.0.0.1:3100/api/health');
  });

  test('GIVEN the stack THEN the Mermaid diagram links host names → proxy → services → databases inside their networks', () => {
    const md = stack();
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
    expect(diagram.startsWith('flowchart LR')).toBe(true);
    expect(diagram).toContain('host_api_domain{{"api.dropit.example"}}');
    expect(diagram).toContain('host_api_domain -->|HTTPS| svc_proxy');
    expect(diagram).toContain('svc_proxy -->|:3000| svc_api');
    expect(diagram).toContain('svc_api --> svc_db');
    expect(diagram).toMatch(/subgraph net_db_net \["network db-net \(internal\)"\]\n {4}svc_db\[\("db :5432"\)\]/);
  });

  test('GIVEN an admin tool THEN the runbook gives the SSH tunnel command to reach it', () => {
    expect(stack()).toContain('ssh -N -L 8081:127.0.0.1:8081 deploy@198.51.100.20');
  });

  test('GIVEN a Backup THEN backup, restore into a named database and rollback commands are there; without one, a warning', () => {
    const md = stack();
    expect(md).toContain('every day at 03:00 UTC by the `db-backup` service, the newest 7 kept in `backups/db/`');
    expect(md).toContain('./restore.sh backups/db/db-YYYYMMDD-HHMMSS.dump dropit_restore');
    expect(md).toContain('./deploy.sh rollback');
    expect(stack({ backup: false })).toContain('**No backup is configured.**');
  });

  test('GIVEN nginx in production THEN the first deploy gets the certificates with init-ssl.sh after the secrets and before deploy.sh', () => {
    const md = stack();
    const secrets = md.indexOf('./init-secrets.sh');
    const ssl = md.indexOf('5. **Get the first certificates**');
    const deploy = md.indexOf('6. **Deploy.**');
    expect(secrets).toBeGreaterThan(0);
    expect(ssl).toBeGreaterThan(secrets);
    expect(deploy).toBeGreaterThan(ssl);
    expect(md.slice(ssl, deploy)).toContain('```sh\n./init-ssl.sh\n```');
  });

  test('GIVEN Traefik THEN there is no init-ssl.sh step (Traefik gets its certificates itself)', () => {
    const app = new App({ name: 'shop', proxy: 'traefik', acme: { email: 'ops@shop.example' } });
    const web = new Service(app, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 80, healthCheck: HealthCheck.http(80, '/') });
    new Domain(app, 'web-domain', { host: 'shop.example', to: web });
    const md = Testing.synth(app).text('DEPLOY.md');
    expect(md).not.toContain('init-ssl.sh');
    expect(md).toContain('5. **Deploy.**');
  });

  test('GIVEN local mode THEN the runbook runs it on this machine: no DNS, server or certificates, *.localhost URLs, no tunnels', () => {
    const app = new App({ name: 'shop', mode: 'local' });
    const web = new Service(app, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 80, healthCheck: HealthCheck.http(80, '/') });
    new Domain(app, 'web-domain', { host: 'shop.example', to: web, wwwRedirect: 'www-to-apex' });
    new Monitoring(app, 'monitoring', { grafanaHost: 'grafana.shop.example' });
    const md = Testing.synth(app).text('DEPLOY.md');
    expect(md).toContain('Local mode: no DNS record is needed.');
    expect(md).toContain('- http://shop.example.localhost/');
    expect(md).toContain('- http://grafana.shop.example.localhost/');
    expect(md).not.toContain('| A |');
    expect(md).toContain('## Run it locally');
    expect(md).not.toContain('## First deploy');
    expect(md).not.toContain('init-ssl.sh');
    expect(md).not.toContain('rsync');
    expect(md).toContain("curl -fsS -o /dev/null -w '%{http_code}\\n' http://shop.example.localhost/");
    expect(md).toContain("curl -sI http://www.shop.example.localhost/ | grep -i '^location: http://shop.example'");
    expect(md).toContain('Local mode: every published port, the proxy\'s included, is bound to 127.0.0.1');
    expect(md).toContain('- **Grafana**: http://grafana.shop.example.localhost/ (basic auth first');
    expect(md).toContain('- **Prometheus**: http://localhost:9090/targets');
    expect(md).toContain('| proxy | 127.0.0.1 | 80/tcp | 80 | this machine only |');
    expect(md).not.toContain('ssh -N -L');
  });

  test('GIVEN two Domains on one host THEN the HTTP→HTTPS and certificate checks appear once', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@shop.example' } });
    const web = new Service(app, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 80, healthCheck: HealthCheck.http(80, '/') });
    const api = new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
    new Domain(app, 'web-domain', { host: 'shop.example', to: web });
    new Domain(app, 'api-domain', { host: 'shop.example', pathPrefix: '/api', to: api });
    const md = Testing.synth(app).text('DEPLOY.md');
    const count = (s: string) => md.split(s).length - 1;
    expect(count("curl -sI http://shop.example/ | grep -i '^location: https://'")).toBe(1);
    expect(count('openssl s_client -connect shop.example:443')).toBe(1);
    expect(md).toContain("curl -fsS -o /dev/null -w '%{http_code}\\n' https://shop.example/api/");
  });

  test('GIVEN services built from source THEN the first deploy says to copy the repository, not only the output folder', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@shop.example' } });
    new Service(app, 'api', { build: { context: './api' }, port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
    const md = Testing.synth(app).text('DEPLOY.md');
    expect(md).toContain('This stack builds images on the server from `../api` (relative to this folder), so this folder alone is not enough');
    expect(md).toContain('git clone <repository> ~/shop');
    expect(stack()).not.toContain('builds images on the server');
  });

  test('GIVEN no Host THEN DNS values are placeholders and the firewall advice is generic', () => {
    const md = stack({ host: false });
    expect(md).toContain('| A | api.dropit.example | <server IPv4> |');
    expect(md).toContain('Open **80/tcp** and **443/tcp** to everyone');
  });
});
