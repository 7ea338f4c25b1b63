import { Annotations, ScriptFile, TextFile, type IFileProducer, type OutputFile } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Service } from './service.js';
import { Volume } from './volume.js';
import { shown } from './formats/text.js';
import { unknownKeys } from './validate/known-keys.js';
import type { JobModel } from './model/ops-model.js';
import { JOB_STATE_DIR, renderJobCrontab, renderJobDockerfile, renderJobRun, renderJobScheduler, type JobFilesInput } from './job-files.js';

/** Properties of a {@link Job}. */
export interface JobProps {
  /** The service whose image, environment and networks the job uses. It needs an `image`. */
  readonly app: Service;
  /** The command, exec form, e.g. `['node', 'scripts/cleanup.js']`. */
  readonly command: readonly string[];
  /** Cron schedule, five fields, UTC: `'30 3 * * *'` (every day at 03:30), `'*\/15 * * * *'`. */
  readonly schedule: string;
  /**
   * Longest run, e.g. `30m`, `2h`; a run still going then is stopped and counts as failed.
   * @default `1h`
   */
  readonly timeout?: string;
  /**
   * Service name in Compose.
   * @default from the construct path
   */
  readonly name?: string;
}

const KEYS = ['app', 'command', 'schedule', 'timeout', 'name'];
const JOB_SYMBOL = Symbol.for('@slipway/constructs.Job');

const FIELD_RANGES: ReadonlyArray<readonly [string, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
];

/** Why a cron schedule is wrong, or undefined. Plain numbers, `*`, ranges, lists and steps. */
export function cronScheduleProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string') return `${shown(schedule)} is not a string`;
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return `${shown(schedule)} has ${fields.length} fields, not 5 (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const [what, min, max] = FIELD_RANGES[i]!;
    for (const part of fields[i]!.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `the ${what} field "${fields[i]}" is not a number, a range, a list or a step`;
      const nums = [m[2], m[3]].filter((x) => x !== undefined).map(Number);
      if (nums.some((n) => n < min || n > max)) return `the ${what} field "${fields[i]}" is outside ${min}-${max}`;
      if (m[4] !== undefined && Number(m[4]) < 1) return `the ${what} field "${fields[i]}" has a step of 0`;
    }
  }
  return undefined;
}

/** Seconds in `30s`, `45m`, `2h`, or undefined. */
function seconds(duration: string): number | undefined {
  const m = /^(\d+)(s|m|h)$/.exec(duration);
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : undefined;
}

/**
 * A command run on a schedule, on an app's image, with the app's environment and networks.
 *
 * A small scheduler service runs a real cron daemon (Debian's `cron`, or BusyBox's `crond` on
 * Alpine images) in an image built from the app's: each run starts as the image's own user,
 * never overlaps the previous one (a lock on a volume shared by every container of the job, so a
 * run still going in a container being replaced by a deploy blocks the new one), logs to
 * `docker compose logs <job>`, and a failed run turns the service unhealthy in `docker compose ps`
 * until the next successful one.
 *
 * @example
 * new Job(app, 'cleanup', { app: api, command: ['node', 'dist/cleanup.js'], schedule: '30 3 * * *' });
 */
export class Job extends Service implements IFileProducer {
  static isJob(x: unknown): x is Job {
    return typeof x === 'object' && x !== null && JOB_SYMBOL in x;
  }

  readonly app?: Service;
  readonly schedule: string;
  readonly command: readonly string[];
  readonly timeoutSeconds: number;
  readonly stateVolume: Volume;

  constructor(scope: Construct, id: string, props: JobProps = {} as JobProps) {
    const app = Service.isService(props?.app) ? props.app : undefined;
    super(scope, id, {
      name: props?.name,
      build: { context: '.', outputFolder: `jobs/${props?.name ?? id}` },
      role: 'worker',
      healthCheck: HealthCheck.shell(`test ! -f /run/slipway-job.status || [ "$(cut -d' ' -f1 /run/slipway-job.status)" = 0 ]`, {
        interval: '10s',
        timeout: '5s',
        retries: 1,
        startPeriod: '5s',
      }),
      networks: app?.props.networks,
      resources: app?.props.resources,
      // One scheduler at a time: two would run every job twice.
      replicas: 1,
      swarm: { updateOrder: 'stop-first' },
      stopGracePeriod: '30s',
      // Every capability dropped but the two that cron (initgroups, setuid for each run) and
      // setpriv (back to the app's user) need.
      capDrop: ['ALL'],
      capAdd: ['SETGID', 'SETUID'],
    });
    Object.defineProperty(this, JOB_SYMBOL, { value: true });
    this.app = app;
    this.schedule = typeof props?.schedule === 'string' ? props.schedule.trim().replace(/\s+/g, ' ') : '';
    this.command = Array.isArray(props?.command) ? props.command : [];
    this.timeoutSeconds = seconds(props?.timeout ?? '1h') ?? 3600;
    this.stateVolume = new Volume(this, 'state');
    this.addMount({ volume: this.stateVolume, target: JOB_STATE_DIR });
    // The app's environment, references included: they wire the same networks and dependencies.
    if (app) for (const [k, v] of app.environment) this.addEnv(k, v);

    const a = Annotations.of(this);
    for (const p of unknownKeys(props, KEYS, 'a Job')) a.addError(p.message, p.fix);
    if (!app) a.addError(`app is ${props?.app === undefined ? 'missing' : shown(props.app)}, not a Service.`, 'pass the service whose image the job runs on: app: api.');
    else if (!app.props.image) {
      a.addError(`${app.node.path} is built from source: a Job runs on a published image.`, `set image on ${app.name} (the tag your CI pushes), or run the schedule in the app itself.`);
    }
    if (!this.command.length || !this.command.every((c) => typeof c === 'string')) {
      a.addError(`command must be a non-empty list of strings (exec form), got ${shown(props?.command)}.`, `write command: ['node', 'dist/cleanup.js'] (or ['sh', '-c', '…'] for a shell).`);
    }
    const problem = cronScheduleProblem(props?.schedule);
    if (problem) a.addError(`schedule ${problem}.`, `write five fields, UTC: '30 3 * * *' (03:30 every day), '*/15 * * * *' (every 15 minutes).`);
    if (props?.timeout !== undefined && seconds(props.timeout) === undefined) {
      a.addError(`timeout ${shown(props.timeout)} is not a duration.`, `write a whole number of seconds, minutes or hours: '90s', '30m', '2h'.`);
    }
  }

  private get filesInput(): JobFilesInput {
    return {
      name: this.name,
      image: this.app?.props.image ?? 'scratch',
      schedule: this.schedule,
      command: this.command,
      timeoutSeconds: this.timeoutSeconds,
      user: this.app?.props.user,
    };
  }

  /** This job's part of the deployment model. */
  toModel(path: string): JobModel {
    return { service: this.name, path, app: this.app?.name ?? '', schedule: this.schedule, command: [...this.command], timeoutSeconds: this.timeoutSeconds };
  }

  /** Folder of the scheduler's build context, in the output folder. */
  get folder(): string {
    return `jobs/${this.name}`;
  }

  produceFiles(): OutputFile[] {
    const j = this.filesInput;
    return [
      new TextFile(`${this.folder}/Dockerfile`, () => renderJobDockerfile(j), { owner: this }),
      new TextFile(`${this.folder}/crontab`, () => renderJobCrontab(j), { owner: this }),
      new ScriptFile(`${this.folder}/scheduler.sh`, () => renderJobScheduler(j), { shebang: '#!/bin/sh', owner: this }),
      new ScriptFile(`${this.folder}/run-job.sh`, () => renderJobRun(j), { shebang: '#!/bin/sh', owner: this }),
    ];
  }
}
