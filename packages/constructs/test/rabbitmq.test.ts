import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, RabbitMq, Service } from '../src/index.js';

const errorsOf = (app: App) => Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => [d.path, d.message, d.fix]);

describe('RabbitMq', () => {
  it('GIVEN a broker used by a worker THEN it is private, healthy-gated, with its own user and vhost in the AMQP URL', () => {
    const app = new App({ name: 'shop' });
    const mq = new RabbitMq(app, 'mq', { vhost: 'orders', memoryHighWatermark: 0.6, diskFreeLimit: '2GB' });
    new Service(app, 'worker', { image: 'acme/worker:1.0.0', env: { CELERY_BROKER_URL: mq.url }, healthCheck: HealthCheck.none('a worker') });
    const out = Testing.synth(app);
    const compose = out.yaml('docker-compose.yml');
    const s = compose.services.mq;
    expect(s.image).toBe('rabbitmq:4.0-alpine');
    expect(s.ports).toBeUndefined();
    expect(s.networks).toEqual(['mq-net']);
    expect(compose.networks['mq-net']).toEqual({ internal: true });
    expect(s.healthcheck.test).toEqual(['CMD', 'rabbitmq-diagnostics', '-q', 'check_port_connectivity']);
    expect(s.environment).toMatchObject({ RABBITMQ_DEFAULT_USER: 'app', RABBITMQ_DEFAULT_VHOST: 'orders' });
    expect(s.environment.RABBITMQ_DEFAULT_PASS).toMatch(/^\$\{MQ_PASSWORD:\?/);
    expect(s.volumes).toEqual(['mq-data:/var/lib/rabbitmq', './rabbitmq/mq/20-slipway.conf:/etc/rabbitmq/conf.d/20-slipway.conf:ro']);
    expect(out.text('rabbitmq/mq/20-slipway.conf')).toContain('vm_memory_high_watermark.relative = 0.6\ndisk_free_limit.absolute = 2GB');
    const w = compose.services.worker;
    expect(w.environment.CELERY_BROKER_URL).toBe('amqp://app:${MQ_PASSWORD:?MQ_PASSWORD is not set: run ./init-secrets.sh or see .env.example}@mq:5672/orders');
    expect(w.depends_on).toEqual({ mq: { condition: 'service_healthy' } });
    expect(w.networks).toEqual(['default', 'mq-net']);
  });

  it('GIVEN management THEN the -management image, its UI not published', () => {
    const app = new App({ name: 'shop' });
    new RabbitMq(app, 'mq', { management: true });
    const s = Testing.synth(app).yaml('docker-compose.yml').services.mq;
    expect(s.image).toBe('rabbitmq:4.0-management-alpine');
    expect(s.ports).toBeUndefined();
  });

  it('GIVEN bad props THEN every error at once with the construct path and a fix', () => {
    const app = new App({ name: 'shop' });
    new RabbitMq(app, 'mq', { version: 'latest', vhost: 'a/b', user: 'guest', password: 'x' as never, memoryHighWatermark: 1.5, diskFreeLimit: '2 GB', management: 'yes' as never });
    const errors = errorsOf(app);
    expect(errors.map(([p]) => p)).toEqual(Array(errors.length).fill('shop/mq'));
    expect(errors.map(([, m]) => m)).toEqual(expect.arrayContaining([
      'version "latest" is not a RabbitMQ version.',
      'vhost "a/b" is not a plain name.',
      'user "guest" is RabbitMQ\'s built-in account, limited to localhost.',
      'password is not a Secret (a literal password would be written into docker-compose.yml).',
      'management "yes" is not true or false.',
      'memoryHighWatermark 1.5 is not a fraction between 0 and 1.',
      'diskFreeLimit "2 GB" is not a RabbitMQ size.',
    ]));
  });
});
