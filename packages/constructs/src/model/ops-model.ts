import type { CiWorkflowModel } from '../ops/ci-workflow.js';
/**
 * The operations part of the deployment model: how the stack is deployed, backed up, watched,
 * administered and where it runs. Filled by the ops constructs ({@link DeployPolicy}, `Backup`,
 * `Monitoring`, `AdminTool`, `Host`); read by the script, config and runbook renderers.
 */
export interface OpsModel {
  readonly deploy: DeploySettingsModel;
  /** Sorted by service name. */
  readonly backups: readonly BackupModel[];
  readonly monitoring?: MonitoringModel;
  /** Sorted by service name. */
  readonly adminTools: readonly AdminToolModel[];
  readonly host?: HostModel;
  /** Scheduled jobs, sorted by service name. Absent in hand-built models. */
  readonly jobs?: readonly JobModel[];
  /** Opt-in GitHub Actions workflow (see `ci-workflow.ts`). */
  readonly ci?: CiWorkflowModel;
}

/** A command run on a schedule by a scheduler service (`Job`). */
export interface JobModel {
  /** The scheduler service in Compose. */
  readonly service: string;
  readonly path: string;
  /** The app whose image and environment it uses. */
  readonly app: string;
  /** Cron schedule, UTC. */
  readonly schedule: string;
  readonly command: readonly string[];
  readonly timeoutSeconds: number;
}

/** Knobs of `deploy.sh`. */
export interface DeploySettingsModel {
  /** Releases kept for rollback (the current one included). */
  readonly keepReleases: number;
  /** Seconds to wait for every service to become healthy. */
  readonly healthTimeoutSeconds: number;
  /** Free space needed in the output folder's file system, in MiB. */
  readonly minFreeDiskMb: number;
}

/** When a backup runs: daily at a UTC time, or every N hours (on the hour). */
export type BackupScheduleModel = { readonly kind: 'daily'; readonly at: string } | { readonly kind: 'hourly'; readonly everyHours: number };

/** The dump tool's family. */
export type BackupEngine = 'postgres' | 'mariadb' | 'mysql' | 'mongodb' | 'minio';

export interface BackupModel {
  /** The backup service in Compose (e.g. `db-backup`). */
  readonly service: string;
  readonly path: string;
  /** The database service it dumps. */
  readonly database: string;
  /** Which server it dumps. Default (absent): `postgres`. */
  readonly engine?: BackupEngine;
  /** Name of the database inside the server. */
  readonly databaseName: string;
  readonly schedule: BackupScheduleModel;
  /** Dumps kept locally (newest first). */
  readonly keep: number;
  /** Folder of the dumps, relative to the output folder (e.g. `backups/db`). */
  readonly directory: string;
  /** Volumes archived beside the dump, sorted. */
  readonly volumes: readonly string[];
  readonly s3?: S3DestinationModel;
}

export interface S3DestinationModel {
  /** Base URL of the S3-compatible endpoint, e.g. `https://s3.fr-par.scw.cloud`. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** Key prefix inside the bucket, without leading or trailing `/`. */
  readonly prefix: string;
  /** `.env` variables holding the credentials. */
  readonly accessKeyVariable: string;
  readonly secretKeyVariable: string;
}

/** A service Prometheus scrapes. */
export interface ScrapeTargetModel {
  readonly job: string;
  readonly address: string;
  readonly path: string;
}

export interface MonitoringModel {
  readonly path: string;
  readonly prometheusService: string;
  readonly grafanaService: string;
  /** Scrape interval, e.g. `15s`. */
  readonly scrapeInterval: string;
  /** How long Prometheus keeps samples, e.g. `15d`. */
  readonly retention: string;
  /** Every scrape job, sorted by job name (Prometheus itself and the exporters included). */
  readonly targets: readonly ScrapeTargetModel[];
  /** Public host name of Grafana (through a Domain), if any. */
  readonly grafanaHost?: string;
  /** `.env` variable holding Grafana's admin password. */
  readonly grafanaPasswordVariable: string;
}

export interface AdminToolModel {
  readonly service: string;
  readonly path: string;
  readonly kind: 'pgadmin' | 'adminer';
  /** Port on 127.0.0.1 of the server; reach it through an SSH tunnel. */
  readonly localPort: number;
  /** Database services it can reach, sorted. */
  readonly databases: readonly string[];
  /** `.env` variable holding the tool's own login password (pgAdmin), if any. */
  readonly passwordVariable?: string;
  /** Login e-mail (pgAdmin). */
  readonly email?: string;
}

export interface HostModel {
  readonly path: string;
  /** Host name set on the machine. */
  readonly hostname: string;
  /** Non-root user that deploys (member of the `docker` group). */
  readonly deployUser: string;
  /** Public keys allowed to log in as the deploy user. */
  readonly sshKeys: readonly string[];
  /** Addresses/CIDRs allowed to reach SSH (port 22). */
  readonly sshAllowFrom: readonly string[];
  /** Whether the deploy user may use `sudo` without a password. */
  readonly sudo: boolean;
  readonly timezone: string;
  /** Public addresses, for the runbook's DNS records. */
  readonly ipv4?: string;
  readonly ipv6?: string;
  /** Folder on the server that holds the output folder. */
  readonly directory: string;
}
