import { Annotations, JsonFile, Tokens, type IFileProducer, type OutputFile, type Reference } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';
import { shown } from './formats/text.js';

/** Properties of a {@link Minio} object store. */
export interface MinioProps extends ServiceOptions {
  /**
   * Release tag of the official image.
   * @default `RELEASE.2025-04-22T22-12-26Z`
   */
  readonly version?: string;
  /**
   * Bucket created at start (kept when it exists).
   * @default `app`
   */
  readonly bucket?: string;
  /**
   * Access key of the application's user (read and write on `bucket` only).
   * @default a generated secret (`alnum-20`)
   */
  readonly accessKey?: Secret;
  /**
   * Secret key of the application's user.
   * @default a generated secret (`alnum-48`)
   */
  readonly secretKey?: Secret;
  /**
   * Password of the `root` administrator (never give it to an app).
   * @default a generated secret (`alnum-32`)
   */
  readonly rootPassword?: Secret;
  /**
   * Data volume.
   * @default a volume named `<service>-data`
   */
  readonly volume?: Volume;
}

const KEYS = ['version', 'bucket', 'accessKey', 'secretKey', 'rootPassword', 'volume'];
const RELEASE = /^RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MINIO_SYMBOL = Symbol.for('@slipway/constructs.Minio');

/** The application user's policy: read and write on its bucket only. */
export function minioAppPolicy(bucket: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: [`arn:aws:s3:::${bucket}`] },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: [`arn:aws:s3:::${bucket}/*`] },
    ],
  };
}

/**
 * The start: the server in the background, then (with the image's own `mc`) the bucket, the
 * application user and its policy, each kept when it exists; a marker file tells the health
 * check that all of it is done.
 */
const START = [
  'rm -f /tmp/slipway-ready',
  'minio server /data --console-address :9001 & pid=$!',
  `trap 'kill -TERM "$pid"' TERM INT`,
  'until mc alias set local http://127.0.0.1:9000 root "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do kill -0 "$pid" || exit 1; sleep 1; done',
  'mc mb --ignore-existing "local/$MINIO_BUCKET"',
  'mc admin policy create local "$MINIO_BUCKET-rw" /slipway/app-policy.json >/dev/null',
  'mc admin user add local "$MINIO_APP_ACCESS_KEY" "$MINIO_APP_SECRET_KEY" >/dev/null',
  'mc admin policy attach local "$MINIO_BUCKET-rw" --user "$MINIO_APP_ACCESS_KEY" >/dev/null 2>&1 || true',
  'touch /tmp/slipway-ready',
  'wait "$pid"',
].join('\n');

/**
 * MinIO, S3-compatible object storage, from the official image, private by default (no published
 * port, its own internal network; the console on 9001 never published), data on a named volume,
 * the bucket and an application user limited to it created at start, a health check that passes
 * once all of that is done and the server is ready.
 *
 * @example
 * const files = new Minio(app, 'files', { bucket: 'uploads' });
 * new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', env: {
 *   S3_ENDPOINT: files.endpoint, S3_BUCKET: files.bucket, S3_ACCESS_KEY: files.accessKey, S3_SECRET_KEY: files.secretKey } });
 */
export class Minio extends Service implements IFileProducer {
  static isMinio(x: unknown): x is Minio {
    return typeof x === 'object' && x !== null && MINIO_SYMBOL in x;
  }

  readonly bucket: string;
  readonly accessKey: Secret;
  readonly secretKey: Secret;
  readonly rootPassword: Secret;
  readonly volume: Volume;

  constructor(scope: Construct, id: string, props: MinioProps = {}) {
    const version = props.version ?? 'RELEASE.2025-04-22T22-12-26Z';
    super(scope, id, {
      ...props,
      image: `minio/minio:${version}`,
      role: 'database',
      port: 9000,
      entrypoint: props.entrypoint ?? ['sh', '-c', START],
      healthCheck: props.healthCheck ?? HealthCheck.shell('test -f /tmp/slipway-ready && mc ready local >/dev/null', { interval: '10s', timeout: '5s', retries: 10, startPeriod: '30s' }),
      stopGracePeriod: props.stopGracePeriod ?? '30s',
    });
    Object.defineProperty(this, MINIO_SYMBOL, { value: true });
    this.allowProps(KEYS);
    this.bucket = props.bucket ?? 'app';
    this.rootPassword = Secret.isSecret(props.rootPassword)
      ? props.rootPassword
      : new Secret(this, 'root-password', { generate: 'alnum-32', description: 'password of the MinIO root user (administration only)' });
    this.accessKey = Secret.isSecret(props.accessKey) ? props.accessKey : new Secret(this, 'access-key', { generate: 'alnum-24', description: `access key of the application on the bucket "${this.bucket}"` });
    this.secretKey = Secret.isSecret(props.secretKey) ? props.secretKey : new Secret(this, 'secret-key', { generate: 'alnum-48', description: `secret key of the application on the bucket "${this.bucket}"` });
    this.volume = props.volume ?? new Volume(this, 'data');
    this.addEnv('MINIO_ROOT_USER', 'root');
    this.addEnv('MINIO_ROOT_PASSWORD', this.rootPassword);
    this.addEnv('MINIO_BUCKET', this.bucket);
    this.addEnv('MINIO_APP_ACCESS_KEY', this.accessKey);
    this.addEnv('MINIO_APP_SECRET_KEY', this.secretKey);
    this.addMount({ volume: this.volume, target: '/data' });
    this.addMount({ outputFile: this.policyFile, target: '/slipway/app-policy.json' });

    const a = Annotations.of(this);
    if (typeof version !== 'string' || !RELEASE.test(version)) {
      a.addError(`version ${shown(version)} is not a MinIO release tag.`, `write a release such as 'RELEASE.2025-04-22T22-12-26Z' (MinIO tags releases by date; 'latest' floats).`);
    }
    if (typeof this.bucket !== 'string' || !BUCKET.test(this.bucket)) a.addError(`bucket name ${shown(this.bucket)} is not a valid S3 bucket name.`, 'use 3 to 63 lowercase letters, digits, "." and "-".');
    for (const key of ['accessKey', 'secretKey', 'rootPassword'] as const) {
      if (props[key] !== undefined && !Secret.isSecret(props[key])) {
        a.addError(`${key} is not a Secret (a literal would be written into docker-compose.yml).`, `set ${key}: new Secret(app, 'files-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}', { generate: 'alnum-32' }), or leave it out.`);
      }
    }
    if (Secret.isSecret(props.rootPassword) && (props.rootPassword === props.secretKey || props.rootPassword === props.accessKey)) {
      a.addError('rootPassword is also the application\'s key: the application would hold the root password.', 'leave rootPassword out (a separate one is generated).');
    }
  }

  /** Path, in the output folder, of the application user's policy. */
  get policyFile(): string {
    return `minio/${this.name}/app-policy.json`;
  }

  produceFiles(): OutputFile[] {
    return [new JsonFile(this.policyFile, minioAppPolicy(this.bucket), { owner: this })];
  }

  /** The host name other services use, as a reference: using it wires the network and `depends_on`. */
  get host(): Reference {
    return Tokens.concat(this, `the host of ${this.node.path}`, [this.name]);
  }

  /** The S3 endpoint inside the stack, `http://files:9000` (path-style addressing: set `forcePathStyle`). */
  get endpoint(): Reference {
    return Tokens.concat(this, `the S3 endpoint of ${this.node.path}`, [`http://${this.name}:9000`]);
  }

  /** `http://accessKey:secretKey@host:9000/bucket`, for clients that take one URL. */
  get url(): Reference {
    return Tokens.concat(this, `the URL of ${this.node.path}`, ['http://', this.accessKey.value, ':', this.secretKey.value, `@${this.name}:9000/${this.bucket}`]);
  }
}
