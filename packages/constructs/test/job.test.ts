import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Job, MariaDb, Service, cronScheduleProblem } from '../src/index.js';

function stack() {
  const app = new App({ name: 'shop' });
  const db = new MariaDb(app, 'db', { database: 'shop' });
  const api = new Service(app, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 3000, env: { DATABASE_URL: db.url, NODE_ENV: 'production' }, user: '1000:1000', healthCheck: HealthCheck.http(3000, '/health') });
  new Job(app, 'cleanup', { app: api, command: ['node', 'dist/cleanup.js', '--older-than', '30d'], schedule: '30 3 * * *', timeout: '20m' });
  return app;
}

describe('Job', () => {
  it('GIVEN a job on an app THEN a scheduler service built from the app image, with its env and networks, one replica, a health check that shows a failed run', () => {
    const out = Testing.synth(stack());
    const compose = out.yaml('docker-compose.yml');
    const job = compose.services.cleanup;
    expect(job.build).toEqual({ context: './jobs/cleanup' });
    expect(job.environment.DATABASE_URL).toBe(compose.services.api.environment.DATABASE_URL);
    expect(job.environment.NODE_ENV).toBe('production');
    expect(job.networks).toEqual(['db-net', 'default']);
    expect(job.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(job.volumes).toEqual(['cleanup-state:/slipway-job-state']);
    expect(job.healthcheck.test).toEqual(['CMD-SHELL', `test ! -f /run/slipway-job.status || [ "$$(cut -d' ' -f1 /run/slipway-job.status)" = 0 ]`]);
    expect(job.healthcheck.retries).toBe(1);
    expect(job.ports).toBeUndefined();
    expect(job.cap_drop).toEqual(['ALL']);
    expect(job.cap_add).toEqual(['SETGID', 'SETUID']);
    expect(out.text('jobs/cleanup/Dockerfile')).toMatch(/^FROM ghcr\.io\/acme\/api:1\.4\.2$/m);
    expect(out.text('jobs/cleanup/crontab')).toContain('30 3 * * * root /bin/sh /slipway-job/run-job.sh');
    const run = out.text('jobs/cleanup/run-job.sh');
    expect(run).toContain('flock -n 9');
    expect(run).toContain("uid='1000'");
    expect(run).toContain('timeout 1200 setpriv --reuid="$uid" --regid="$gid" --clear-groups -- node dist/cleanup.js --older-than 30d </dev/null');
    expect(out.modes['jobs/cleanup/run-job.sh']).toBe(0o755);
  });

  it('GIVEN a bad job THEN every error at once, with the construct path and a fix', () => {
    const app = new App({ name: 'shop' });
    const built = new Service(app, 'api', { build: { context: '.' }, healthCheck: HealthCheck.none('x') });
    new Job(app, 'cleanup', { app: built, command: 'node x.js' as never, schedule: '61 * * *', timeout: '1 hour', every: 1 } as never);
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error' && d.path === 'shop/cleanup').map((d) => d.message);
    expect(errors).toEqual(expect.arrayContaining([
      'a Job has no property "every" (it would be ignored).',
      'api is built from source: a Job runs on a published image.',
      'command must be a non-empty list of strings (exec form), got "node x.js".',
      'schedule "61 * * *" has 4 fields, not 5 (minute hour day-of-month month day-of-week).',
      'timeout "1 hour" is not a duration.',
    ]));
  });

  it('GIVEN cron schedules THEN numbers, ranges, lists and steps pass; out-of-range fields do not', () => {
    for (const ok of ['* * * * *', '*/15 * * * *', '0 3 * * 1-5', '0 0,12 1 1-12/2 0']) expect(cronScheduleProblem(ok)).toBeUndefined();
    expect(cronScheduleProblem('60 * * * *')).toBe('the minute field "60" is outside 0-59');
    expect(cronScheduleProblem('0 3 * * mon')).toBe('the day of week field "mon" is not a number, a range, a list or a step');
    expect(cronScheduleProblem('*/0 * * * *')).toBe('the minute field "*/0" has a step of 0');
  });
});

describe('Job in the runbook', () => {
  it('GIVEN a job THEN DEPLOY.md lists it with its schedule and says how to see a failure and run it now', () => {
    const md = Testing.synth(stack()).text('DEPLOY.md');
    expect(md).toContain('## Scheduled jobs');
    expect(md).toContain('| cleanup | `30 3 * * *` | api | `node dist/cleanup.js --older-than 30d` | 1200 s |');
    expect(md).toContain('docker compose exec cleanup sh /slipway-job/run-job.sh');
    expect(md).toContain('**unhealthy** in `docker compose ps`');
  });
});

describe('Job and deploy.sh', () => {
  it('GIVEN a job THEN deploy.sh does not fail a release because the last scheduled run failed (unhealthy scheduler), and stacks without jobs are unchanged', () => {
    const sh = Testing.synth(stack()).text('deploy.sh');
    expect(sh).toContain('SCHEDULERS=(cleanup)');
    expect(sh).toContain('unhealthy) is_scheduler "$svc" || bad+=("$svc") ;;');
    const plain = new App({ name: 'shop' });
    new Service(plain, 'api', { image: 'acme/api:1.0.0', healthCheck: HealthCheck.http(3000, '/health') });
    expect(Testing.synth(plain).text('deploy.sh')).not.toContain('SCHEDULERS');
  });
});
