import { Annotations, TextFile, Tokens, type IFileProducer, type OutputFile, type Reference } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';
import { shown } from './formats/text.js';

/** Properties of a {@link RabbitMq} broker. */
export interface RabbitMqProps extends ServiceOptions {
  /**
   * Version tag of the official image, e.g. `4.0` or `4.0.5`.
   * @default `4.0`
   */
  readonly version?: string;
  /**
   * Virtual host created at first start; the user gets every permission on it.
   * @default `app`
   */
  readonly vhost?: string;
  /**
   * User created at first start.
   * @default `app`
   */
  readonly user?: string;
  /**
   * Password of `user`.
   * @default a generated secret (`alnum-32`, safe in URLs)
   */
  readonly password?: Secret;
  /**
   * The management plugin and its UI on 15672 (the `-management` image), inside the stack only:
   * reach it through an SSH tunnel after publishing it on 127.0.0.1.
   * @default false
   */
  readonly management?: boolean;
  /**
   * Memory at which publishers are blocked, as a fraction of the container's memory (`vm_memory_high_watermark.relative`).
   * @default RabbitMQ's (0.4 before 4.0, 0.6 since)
   */
  readonly memoryHighWatermark?: number;
  /**
   * Free disk below which publishers are blocked (`disk_free_limit.absolute`), e.g. `2GB`.
   * @default RabbitMQ's (50MB)
   */
  readonly diskFreeLimit?: string;
  /**
   * Data volume (queues, messages, definitions).
   * @default a volume named `<service>-data`
   */
  readonly volume?: Volume;
}

const KEYS = ['version', 'vhost', 'user', 'password', 'management', 'memoryHighWatermark', 'diskFreeLimit', 'volume'];
const VERSION = /^\d+(\.\d+){0,2}$/;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const DISK = /^\d+(kB|MB|GB|KiB|MiB|GiB|k|M|G)?$/;

const RABBITMQ_SYMBOL = Symbol.for('@slipway/constructs.RabbitMq');

/**
 * RabbitMQ from the official image, private by default (internal network, no published port, the
 * management UI never published), a user and virtual host of its own with a generated password,
 * data on a named volume, and a health check that proves the AMQP listener accepts connections
 * (`rabbitmq-diagnostics -q check_port_connectivity`), not just that the node runs.
 *
 * @example
 * const mq = new RabbitMq(app, 'mq', { vhost: 'orders' });
 * new Service(app, 'worker', { image: 'ghcr.io/acme/worker:1.0.0', env: { CELERY_BROKER_URL: mq.url } });
 */
export class RabbitMq extends Service implements IFileProducer {
  static isRabbitMq(x: unknown): x is RabbitMq {
    return typeof x === 'object' && x !== null && RABBITMQ_SYMBOL in x;
  }

  readonly vhost: string;
  readonly user: string;
  readonly password: Secret;
  readonly volume: Volume;
  readonly management: boolean;
  private readonly settings: ReadonlyArray<readonly [string, string]>;

  constructor(scope: Construct, id: string, props: RabbitMqProps = {}) {
    const version = props.version ?? '4.0';
    const management = props.management === true;
    super(scope, id, {
      ...props,
      user: undefined, // `user` here is the broker's user; the container keeps the image's own user
      image: `rabbitmq:${version}-${management ? 'management-' : ''}alpine`,
      role: 'cache',
      port: 5672,
      healthCheck:
        props.healthCheck ?? HealthCheck.command(['rabbitmq-diagnostics', '-q', 'check_port_connectivity'], { interval: '10s', timeout: '10s', retries: 10, startPeriod: '30s' }),
      // Queues are flushed and the node leaves cleanly.
      stopGracePeriod: props.stopGracePeriod ?? '60s',
    });
    Object.defineProperty(this, RABBITMQ_SYMBOL, { value: true });
    this.allowProps(KEYS);
    this.vhost = props.vhost ?? 'app';
    this.user = props.user ?? 'app';
    this.management = management;
    this.password = Secret.isSecret(props.password) ? props.password : new Secret(this, 'password', { generate: 'alnum-32', description: `password of the RabbitMQ user "${this.user}"` });
    this.volume = props.volume ?? new Volume(this, 'data');
    const settings: Array<readonly [string, string]> = [];
    if (typeof props.memoryHighWatermark === 'number' && props.memoryHighWatermark > 0 && props.memoryHighWatermark < 1) settings.push(['vm_memory_high_watermark.relative', String(props.memoryHighWatermark)]);
    if (typeof props.diskFreeLimit === 'string' && DISK.test(props.diskFreeLimit)) settings.push(['disk_free_limit.absolute', props.diskFreeLimit]);
    this.settings = settings;
    this.addEnv('RABBITMQ_DEFAULT_USER', this.user);
    this.addEnv('RABBITMQ_DEFAULT_PASS', this.password);
    this.addEnv('RABBITMQ_DEFAULT_VHOST', this.vhost);
    // The data folder is named after the node: a fixed name keeps the queues when the container
    // (and so its host name) is recreated.
    this.addEnv('RABBITMQ_NODENAME', 'rabbit@localhost');
    this.addMount({ volume: this.volume, target: '/var/lib/rabbitmq' });
    if (settings.length) this.addMount({ outputFile: this.configFile, target: '/etc/rabbitmq/conf.d/20-slipway.conf' });

    const a = Annotations.of(this);
    if (typeof version !== 'string' || !VERSION.test(version)) a.addError(`version ${shown(version)} is not a RabbitMQ version.`, `write a version such as '4.0' or '4.0.5' (tags like 'latest' float).`);
    if (typeof this.vhost !== 'string' || !NAME.test(this.vhost)) a.addError(`vhost ${shown(this.vhost)} is not a plain name.`, `use letters, digits, "_", "-" and ".", e.g. 'orders'.`);
    if (typeof this.user !== 'string' || !NAME.test(this.user)) a.addError(`user ${shown(this.user)} is not a plain name.`, `use letters, digits, "_", "-" and ".", e.g. 'app'.`);
    else if (this.user === 'guest') a.addError('user "guest" is RabbitMQ\'s built-in account, limited to localhost.', `use another name (e.g. 'app').`);
    if (props.password !== undefined && !Secret.isSecret(props.password)) {
      a.addError('password is not a Secret (a literal password would be written into docker-compose.yml).', `set password: new Secret(app, 'mq-password', { generate: 'alnum-32' }), or leave it out for a generated one.`);
    }
    if (Secret.isSecret(props.password) && !props.password.urlSafe) {
      a.addWarning('url-unsafe-secret', `the password ${props.password.variable} may contain characters that break \`url\`.`, 'generate it with an alnum or hex recipe.');
    }
    if (props.management !== undefined && typeof props.management !== 'boolean') a.addError(`management ${shown(props.management)} is not true or false.`, 'set management: true for the UI, or leave it out.');
    const w = props.memoryHighWatermark;
    if (w !== undefined && (typeof w !== 'number' || !(w > 0 && w < 1))) a.addError(`memoryHighWatermark ${shown(w)} is not a fraction between 0 and 1.`, 'set memoryHighWatermark: 0.6 (60% of the memory).');
    if (props.diskFreeLimit !== undefined && (typeof props.diskFreeLimit !== 'string' || !DISK.test(props.diskFreeLimit))) {
      a.addError(`diskFreeLimit ${shown(props.diskFreeLimit)} is not a RabbitMQ size.`, `write a whole number with a unit: '2GB', '500MB'.`);
    }
  }

  /** Path, in the output folder, of the server settings file. */
  get configFile(): string {
    return `rabbitmq/${this.name}/20-slipway.conf`;
  }

  produceFiles(): OutputFile[] {
    if (!this.settings.length) return [];
    return [new TextFile(this.configFile, ['# Read by RabbitMQ from /etc/rabbitmq/conf.d/ at start.', ...this.settings.map(([k, v]) => `${k} = ${v}`)].join('\n'), { comment: '#', owner: this })];
  }

  /** The host name other services use (`mq`), as a reference: using it wires the network and `depends_on`. */
  get host(): Reference {
    return Tokens.concat(this, `the host of ${this.node.path}`, [this.name]);
  }

  /** `amqp://user:password@host:5672/vhost` (Celery's `CELERY_BROKER_URL`, Spring's `spring.rabbitmq.addresses`). */
  get url(): Reference {
    return Tokens.concat(this, `the AMQP URL of ${this.node.path}`, [`amqp://${this.user}:`, this.password.value, `@${this.name}:5672/${encodeURIComponent(this.vhost)}`]);
  }

  /** The management API and UI inside the stack (`http://mq:15672`), when `management` is on. */
  get managementUrl(): Reference {
    if (!this.management) Annotations.of(this).addError('managementUrl is used but the management plugin is off.', 'set management: true.');
    return Tokens.concat(this, `the management URL of ${this.node.path}`, [`http://${this.name}:15672`]);
  }
}
