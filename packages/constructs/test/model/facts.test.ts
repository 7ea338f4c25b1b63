import { describe, expect, test } from 'vitest';
import { App, HealthCheck, HEALTH_CHECK_DEFAULTS, Postgres, Secret, Service, Testing } from '@slipway/constructs';
import { hostOrigin, servedHostNames } from '../../src/model/local-hosts.js';

describe('facts written once, in the model', () => {
  test('GIVEN a Postgres with a password Secret of its own THEN the model says so and the runbook names the variable', () => {
    const app = new App({ name: 'shop' });
    const password = new Secret(app, 'db-password', { generate: 'alnum-32' });
    new Postgres(app, 'pg', { database: 'shop', user: 'owner', password });
    new Service(app, 'other', { image: 'postgres:17-alpine', role: 'database', healthCheck: HealthCheck.none('t') } as never);
    expect(app.model.services.find((s) => s.name === 'pg')?.postgres).toEqual({ database: 'shop', user: 'owner', passwordVariable: 'DB_PASSWORD' });
    // A service merely running a postgres image is not described as a Postgres database.
    expect(app.model.services.find((s) => s.name === 'other')?.postgres).toBeUndefined();
    const runbook = Testing.synth(app).files['DEPLOY.md']!;
    expect(runbook).toContain('- **pg** (database `shop`, role `owner`, password in `DB_PASSWORD` of `.env`)');
  });

  test('GIVEN a health check without timing THEN Compose and the model use the documented defaults', () => {
    expect(HealthCheck.http(80, '/').resolvedTiming).toEqual(HEALTH_CHECK_DEFAULTS);
    expect(HealthCheck.http(80, '/', 'wget', { retries: 2 }).resolvedTiming).toEqual({ ...HEALTH_CHECK_DEFAULTS, retries: 2 });
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 80, healthCheck: HealthCheck.http(80, '/health') });
    const hc = (Testing.synth(app).yaml('docker-compose.yml') as any).services.api.healthcheck;
    expect({ interval: hc.interval, timeout: hc.timeout, retries: hc.retries, startPeriod: hc.start_period }).toEqual(HEALTH_CHECK_DEFAULTS);
  });

  test('GIVEN local mode THEN each host gets its .localhost alias, after the hosts; production serves the hosts only', () => {
    expect(servedHostNames(['a.example', 'b.example'], true)).toEqual(['a.example', 'b.example', 'a.example.localhost', 'b.example.localhost']);
    expect(servedHostNames(['a.example'], false)).toEqual(['a.example']);
    expect(hostOrigin('a.example', true)).toBe('http://a.example.localhost');
    expect(hostOrigin('a.example', false)).toBe('https://a.example');
  });
});
