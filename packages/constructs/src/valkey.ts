import type { Construct } from 'constructs';
import { Redis, type RedisProps } from './redis.js';

/** Properties of a {@link Valkey} cache: those of {@link Redis}. */
export interface ValkeyProps extends RedisProps {}

/**
 * Valkey, the Linux Foundation's fork of Redis (BSD-licensed), from the official
 * `valkey/valkey` image: the same protocol, URLs, persistence, memory cap and health check as
 * {@link Redis}, with `valkey-server` and `valkey-cli`. Default version `8.0`.
 *
 * @example
 * const cache = new Valkey(app, 'cache', { maxMemory: '256mb' });
 * new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', env: { REDIS_URL: cache.url } });
 */
export class Valkey extends Redis {
  constructor(scope: Construct, id: string, props: ValkeyProps = {}) {
    super(scope, id, props, { image: 'valkey/valkey', server: 'valkey-server', cli: 'valkey-cli', defaultVersion: '8.0', title: 'Valkey' });
  }
}
