import { Annotations, Tokens, type Reference } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';
import { shCommand } from './formats/shell.js';
import { redisSizeProblem } from './validate/sizes.js';

const REDIS_KEYS = ['version', 'password', 'persistence', 'maxMemory', 'evictionPolicy', 'volume'];
const EVICTION: readonly string[] = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'];

/** How Redis keeps data across restarts. */
export type RedisPersistence = 'aof' | 'rdb' | 'none';

/** Redis `maxmemory-policy` values. */
export type RedisEvictionPolicy =
  | 'noeviction'
  | 'allkeys-lru'
  | 'allkeys-lfu'
  | 'allkeys-random'
  | 'volatile-lru'
  | 'volatile-lfu'
  | 'volatile-random'
  | 'volatile-ttl';

/** Properties of a {@link Redis} cache. */
export interface RedisProps extends ServiceOptions {
  /**
   * Version tag.
   * @default '7.4'
   */
  readonly version?: string;
  /**
   * Password.
   * @default a generated secret (`alnum-32`)
   */
  readonly password?: Secret;
  /**
   * @default `aof` (append-only file, fsync every second)
   */
  readonly persistence?: RedisPersistence;
  /**
   * Memory cap, e.g. `256mb`; what happens when it is reached is `evictionPolicy`.
   * @default none
   */
  readonly maxMemory?: string;
  /**
   * What Redis does at `maxMemory`. `allkeys-lru` evicts the least recently used keys: right for
   * a cache, wrong for a queue. For a job broker (Celery, BullMQ, Sidekiq) use `noeviction`, so
   * a full Redis refuses new writes (an error the app sees) instead of silently dropping queued
   * jobs.
   * @default 'allkeys-lru'
   */
  readonly evictionPolicy?: RedisEvictionPolicy;
  /**
   * Data volume.
   * @default a volume named `<service>-data` (none when persistence is `none`)
   */
  readonly volume?: Volume;
}

/**
 * Redis with a password, private by default (internal network, no published port), persistence
 * on a named volume and a `redis-cli ping` health check that does not leak the password.
 */
/** What a Redis-compatible server ({@link Valkey}) changes: image, program names, default version. */
export interface RedisFlavour {
  readonly image: string;
  readonly server: string;
  readonly cli: string;
  readonly defaultVersion: string;
  readonly title: string;
}

const REDIS_FLAVOUR: RedisFlavour = { image: 'redis', server: 'redis-server', cli: 'redis-cli', defaultVersion: '7.4', title: 'Redis' };

export class Redis extends Service {
  readonly password: Secret;
  readonly persistence: RedisPersistence;
  readonly volume?: Volume;

  constructor(scope: Construct, id: string, props: RedisProps = {}, flavour: RedisFlavour = REDIS_FLAVOUR) {
    props ??= {}; // null from a JavaScript caller means no props
    const persistence = props.persistence ?? 'aof';
    // An invalid size never reaches the command line; the error below reports it.
    const maxMemory = props.maxMemory !== undefined && !redisSizeProblem(props.maxMemory) ? props.maxMemory : undefined;
    const flags = [
      ...(persistence === 'aof' ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : []),
      ...(persistence === 'rdb' ? ['--appendonly', 'no', '--save', '900', '1', '300', '10', '60', '10000'] : []),
      ...(persistence === 'none' ? ['--appendonly', 'no', '--save', ''] : []),
      ...(maxMemory !== undefined ? ['--maxmemory', maxMemory, '--maxmemory-policy', EVICTION.includes(props.evictionPolicy ?? 'allkeys-lru') ? props.evictionPolicy ?? 'allkeys-lru' : 'noeviction'] : []),
    ];
    super(scope, id, {
      ...props,
      image: `${flavour.image}:${props.version ?? flavour.defaultVersion}-alpine`,
      role: 'cache',
      port: 6379,
      // Through a shell so the password comes from the environment, not the command line; back
      // through the image's entry point, which switches to the server's user only for the server
      // (redis-server, valkey-server).
      command: props.command ?? ['sh', '-c', `exec docker-entrypoint.sh ${flavour.server} --requirepass "$REDIS_PASSWORD" ${shCommand(flags)}`.trim()],
      healthCheck:
        props.healthCheck ??
        HealthCheck.shell(`REDISCLI_AUTH="$REDIS_PASSWORD" ${flavour.cli} ping | grep -q PONG`, { interval: '5s', timeout: '3s', retries: 10, startPeriod: '10s' }),
    });
    this.allowProps(REDIS_KEYS);
    this.persistence = persistence;
    this.password = Secret.isSecret(props.password) ? props.password : new Secret(this, 'password', { generate: 'alnum-32', description: `${flavour.title} password (requirepass)` });
    this.addEnv('REDIS_PASSWORD', this.password);
    if (persistence !== 'none') {
      this.volume = props.volume ?? new Volume(this, 'data');
      this.addMount({ volume: this.volume, target: '/data' });
    }
    const a = Annotations.of(this);
    if (props.maxMemory !== undefined && redisSizeProblem(props.maxMemory)) {
      a.addError(`maxMemory ${redisSizeProblem(props.maxMemory)}.`, `write a whole number with a unit: '256mb', '1gb'.`);
    }
    if (props.evictionPolicy !== undefined && !EVICTION.includes(props.evictionPolicy)) {
      a.addError(`evictionPolicy ${JSON.stringify(props.evictionPolicy)} is not a Redis policy.`, `use one of: ${EVICTION.join(', ')}.`);
    }
    if (!['aof', 'rdb', 'none'].includes(persistence)) a.addError(`persistence ${JSON.stringify(persistence)} is unknown.`, `use 'aof', 'rdb' or 'none'.`);
    if (props.version !== undefined && !/^\d+(\.\d+){0,2}$/.test(props.version)) {
      a.addError(`version ${JSON.stringify(props.version)} is not a ${flavour.title} version.`, `write a version such as '${flavour.defaultVersion}' or '${flavour.defaultVersion}.2'.`);
    }
    if (props.password !== undefined && !Secret.isSecret(props.password)) {
      a.addError('password is not a Secret (a literal password would be written into docker-compose.yml).', `set password: new Secret(app, 'cache-password', { generate: 'alnum-32' }), or leave it out.`);
    }
    if (props.evictionPolicy && !props.maxMemory) {
      a.addError(`evictionPolicy "${props.evictionPolicy}" has no effect without maxMemory.`, `set maxMemory (e.g. '256mb'), or remove evictionPolicy.`);
    }
    if (Secret.isSecret(props.password) && !props.password.urlSafe) {
      a.addWarning('url-unsafe-secret', `the password ${props.password.variable} may contain characters that break \`url\`.`, 'generate it with an alnum or hex recipe.');
    }
  }

  /** `redis://:password@host:6379/0`. */
  get url(): Reference {
    return this.urlFor(0);
  }

  /** The URL of database number `db`. */
  urlFor(db: number): Reference {
    return Tokens.concat(this, `the URL of ${this.node.path}`, ['redis://:', this.password.value, `@${this.name}:6379/${db}`]);
  }
}
