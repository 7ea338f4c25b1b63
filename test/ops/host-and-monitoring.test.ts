import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { has, opsFixture, run, writeOutput } from './_support.js';

describe('Host: cloud-init user-data and bootstrap.sh', () => {
  const { dir, files } = writeOutput(opsFixture());
  const userData = files['host/user-data.yaml']!;
  const bootstrap = files['host/bootstrap.sh']!;

  test.skipIf(!has('cloud-init'))('GIVEN the user-data WHEN cloud-init validates it THEN it is a valid cloud-config', () => {
    const r = run('cloud-init', ['schema', '-c', join(dir, 'host/user-data.yaml')]);
    expect(r.stdout + r.stderr).toContain('Valid cloud-config');
    expect(r.status).toBe(0);
  });

  test.skipIf(!has('cloud-init'))('GIVEN a user-data with a mistake WHEN validated THEN the same validator rejects it (the check can fail)', () => {
    const broken = join(dir, 'host/broken.yaml');
    writeFileSync(broken, userData.replace('lock_passwd: true', 'lock_passwd: true\n    not_a_user_key: 1'));
    expect(run('cloud-init', ['schema', '-c', broken]).status).not.toBe(0);
  });

  test('GIVEN the user-data THEN it starts with #cloud-config, declares the key-only deploy user and runs the same bootstrap script', () => {
    expect(userData.split('\n')[0]).toBe('#cloud-config');
    const doc = parse(userData);
    expect(doc.disable_root).toBe(true);
    expect(doc.ssh_pwauth).toBe(false);
    expect(doc.users).toEqual([
      expect.objectContaining({ name: 'deploy', lock_passwd: true, ssh_authorized_keys: [expect.stringMatching(/^ssh-ed25519 AAAA/)] }),
    ]);
    expect(doc.packages).toEqual(expect.arrayContaining(['ufw', 'fail2ban', 'unattended-upgrades']));
    expect(doc.runcmd).toEqual([['bash', '/root/slipway-bootstrap.sh']]);
    // Equivalent by construction: the embedded script is bootstrap.sh without its generated header.
    const embedded: string = doc.write_files[0].content;
    const body = bootstrap.split('\n').slice(4).join('\n');
    expect(embedded).toBe(`#!/usr/bin/env bash\n${body}`);
  });

  test('GIVEN bootstrap.sh THEN shellcheck and bash -n accept it', () => {
    const path = join(dir, 'host/bootstrap.sh');
    const check = run('shellcheck', [path]);
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
    expect(run('bash', ['-n', path]).status).toBe(0);
  });

  test('GIVEN bootstrap.sh THEN it closes the firewall except SSH from each allowed source and 80/443, and hardens SSH', () => {
    expect(bootstrap).toContain("SSH_ALLOW_FROM=(203.0.113.7 198.51.100.0/24)");
    expect(bootstrap).toContain('ufw default deny incoming');
    expect(bootstrap).toContain('ufw allow from "$source" to any port 22 proto tcp');
    expect(bootstrap).toContain('ufw allow 80/tcp');
    expect(bootstrap).toContain('ufw allow 443/tcp');
    expect(bootstrap).not.toMatch(/ufw allow 22\b/);
    for (const line of ['PermitRootLogin no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'AllowUsers $DEPLOY_USER']) expect(bootstrap).toContain(line);
    expect(bootstrap).toContain('sshd -t ||');
    expect(bootstrap).toContain('[sshd]\nenabled = true');
    expect(bootstrap).toContain('APT::Periodic::Unattended-Upgrade "1";');
    expect(bootstrap).toContain('docker-compose-plugin');
    expect(bootstrap).toContain('usermod -aG docker "$DEPLOY_USER"');
  });

  test('GIVEN the SSH-key array in bootstrap.sh WHEN bash reads it THEN it yields exactly the configured keys', () => {
    const line = bootstrap.split('\n').find((l) => l.startsWith('SSH_KEYS='))!;
    const r = run('bash', ['-c', `${line}; printf '%s\\n' "\${SSH_KEYS[@]}"`]);
    expect(r.stdout).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0123456789abcdefghij alice@laptop\n');
  });
});

describe('Monitoring: Prometheus and Grafana configuration', () => {
  const { dir, files } = writeOutput(opsFixture());

  test.skipIf(!has('promtool'))('GIVEN the Prometheus config WHEN promtool checks it THEN it is valid', () => {
    const r = run('promtool', ['check', 'config', join(dir, 'monitoring/prometheus.yml')]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  test.skipIf(!has('promtool'))('GIVEN a broken scrape interval WHEN promtool checks it THEN it fails (the check can fail)', () => {
    const bad = join(dir, 'monitoring/bad.yml');
    writeFileSync(bad, readFileSync(join(dir, 'monitoring/prometheus.yml'), 'utf8').replace('scrape_interval: 15s', 'scrape_interval: soon'));
    expect(run('promtool', ['check', 'config', bad]).status).not.toBe(0);
  });

  test('GIVEN a service declaring metrics THEN Prometheus scrapes it at its path, beside node-exporter, cAdvisor, Grafana and itself', () => {
    const prom = parse(files['monitoring/prometheus.yml']!);
    expect(prom.scrape_configs).toEqual([
      { job_name: 'api', metrics_path: '/internal/metrics', static_configs: [{ targets: ['api:3000'] }] },
      { job_name: 'cadvisor', static_configs: [{ targets: ['cadvisor:8080'] }] },
      { job_name: 'grafana', static_configs: [{ targets: ['grafana:3000'] }] },
      { job_name: 'node', static_configs: [{ targets: ['node-exporter:9100'] }] },
      { job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] },
    ]);
  });

  test('GIVEN Grafana THEN its Prometheus data source and starter dashboard are provisioned from files it mounts', () => {
    const ds = parse(files['monitoring/grafana/provisioning/datasources/prometheus.yml']!);
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true, uid: 'prometheus' });
    const provider = parse(files['monitoring/grafana/provisioning/dashboards/slipway.yml']!);
    expect(provider.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
    const dashboard = JSON.parse(files['monitoring/grafana/dashboards/overview.json']!);
    expect(dashboard.panels.map((p: { title: string }) => p.title)).toEqual(
      expect.arrayContaining(['Scrape targets up', 'Server CPU used', 'Container memory']),
    );
    for (const p of dashboard.panels) expect(p.datasource.uid).toBe('prometheus');
    const grafana = parse(files['docker-compose.yml']!).services.grafana;
    expect(grafana.volumes).toEqual(
      expect.arrayContaining(['./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro', './monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro']),
    );
  });

  test('GIVEN grafanaHost THEN Grafana publishes no port and is routed by the proxy behind basic auth; Prometheus is on loopback only', () => {
    const compose = parse(files['docker-compose.yml']!);
    expect(compose.services.grafana.ports).toBeUndefined();
    expect(compose.services.grafana.environment.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(compose.services.grafana.environment.GF_SERVER_ROOT_URL).toBe('https://grafana.shop.example/');
    expect(compose.services.prometheus.ports).toEqual(['127.0.0.1:9090:9090']);
    const nginx = files['nginx/nginx.conf']!;
    expect(nginx).toMatch(/server_name grafana\.shop\.example;/);
    expect(nginx).toContain('auth_basic');
  });
});
