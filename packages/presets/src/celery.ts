import { HealthCheck, Service, shCommand, type ServiceOptions, type ServiceProps } from '@slipway/constructs';
import { Annotations } from '@slipway/core';
import type { Construct } from 'constructs';
import { withDefaults } from './framework-preset.js';

/** Options shared by {@link CeleryWorker} and {@link CeleryBeat}. */
export interface CeleryOptions extends ServiceOptions {
  /** The Python app whose image (and environment) to reuse: a Flask, Django or FastApi preset. */
  readonly from: Service;
  /** Celery app for `-A`, e.g. `app.celery` or `proj`. */
  readonly app: string;
  /**
   * Log level.
   * @default `INFO`
   */
  readonly logLevel?: string;
  /**
   * Variables of `from` not passed on, e.g. secrets only the web process needs (a first-admin
   * password): the worker then never holds them.
   * @default none (the whole environment is shared)
   */
  readonly omitEnv?: readonly string[];
}

/** Options of {@link CeleryWorker}. */
export interface CeleryWorkerOptions extends CeleryOptions {
  /**
   * Worker processes.
   * @default 2
   */
  readonly concurrency?: number;
  /**
   * Queues to consume.
   * @default Celery's default queue
   */
  readonly queues?: readonly string[];
}

/** CeleryOptions and CeleryWorkerOptions names (any other key is reported as a typo). */
const CELERY_KEYS = ['from', 'app', 'logLevel', 'omitEnv', 'concurrency', 'queues'];

/**
 * A Celery worker on the same image as its app: same build (BuildKit's cache makes the second
 * build free), same environment (broker URL, database…), its own command, a `celery inspect
 * ping` health check and no port.
 *
 * @example
 * new CeleryWorker(app, 'worker', { from: api, app: 'app.celery', concurrency: 4 });
 */
export class CeleryWorker extends Service {
  constructor(scope: Construct, id: string, o: CeleryWorkerOptions) {
    o ??= {} as CeleryWorkerOptions; // null or nothing from a JavaScript caller: reported (no from, no app)
    const queues = o.queues?.length ? ['--queues', o.queues.join(',')] : [];
    super(scope, id, {
      ...withDefaults(
        {
          command: ['celery', '-A', o.app, 'worker', '--loglevel', o.logLevel ?? 'INFO', '--concurrency', String(o.concurrency ?? 2), ...queues],
          // The worker answers a ping over the broker; $HOSTNAME names this container's node.
          healthCheck: HealthCheck.shell(`${shCommand(['celery', '-A', String(o.app)])} inspect ping --destination "celery@$HOSTNAME" --timeout 10`, {
            interval: '30s',
            timeout: '20s',
            startPeriod: '30s',
            retries: 3,
          }),
          resources: { cpus: 1, memory: '512M' },
          capDrop: ['ALL'],
          stopGracePeriod: '60s',
        },
        { ...o, from: undefined, app: undefined, omitEnv: undefined },
      ),
      ...onAppImage(o),
    });
    inheritEnv(this, o);
    this.allowProps(CELERY_KEYS);
  }
}

/**
 * Celery beat, the scheduler, on the same image as its app. One instance only (two would send
 * every task twice). Its health check verifies the beat process (pid file) is alive.
 */
export class CeleryBeat extends Service {
  constructor(scope: Construct, id: string, o: CeleryOptions) {
    o ??= {} as CeleryOptions; // null or nothing from a JavaScript caller: reported (no from, no app)
    super(scope, id, {
      ...withDefaults(
        {
          command: ['celery', '-A', o.app, 'beat', '--loglevel', o.logLevel ?? 'INFO', '--schedule', '/tmp/celerybeat-schedule', '--pidfile', '/tmp/celerybeat.pid'],
          healthCheck: HealthCheck.command(['python', '-c', "import os;os.kill(int(open('/tmp/celerybeat.pid').read()),0)"], { interval: '30s', timeout: '5s', startPeriod: '20s', retries: 3 }),
          resources: { cpus: 0.25, memory: '256M' },
          capDrop: ['ALL'],
        },
        { ...o, from: undefined, app: undefined, omitEnv: undefined },
      ),
      ...onAppImage(o),
    });
    inheritEnv(this, o);
    this.allowProps(CELERY_KEYS);
    if ((o.replicas ?? 1) > 1) {
      Annotations.of(this).addError(`Celery beat runs with ${o.replicas} replicas, so every scheduled task would be sent ${o.replicas} times.`, 'leave replicas at 1 for beat; scale the CeleryWorker instead.');
    }
  }
}

/** Runs on the image of `o.from` (its build, or its published image), without a port of its own. */
function onAppImage(o: CeleryOptions): ServiceProps {
  const from = Service.isService(o.from) ? o.from.props : { image: MISSING_FROM_IMAGE };
  return {
    build: from.build,
    image: from.build ? undefined : from.image,
    role: 'worker',
    port: undefined,
    env: undefined, // inherited by inheritEnv after construction, minus omitEnv
  };
}

/** Stands in for the image of a missing `from` (reported by {@link checkFrom}), so that nothing else fails. */
const MISSING_FROM_IMAGE = 'missing-from:0';

/** `from` must be the app's Service, `app` the Celery app's name. */
function checkFrom(service: Service, o: CeleryOptions): boolean {
  const kind = service.constructor.name;
  if (!Service.isService(o.from)) {
    Annotations.of(service).addError(`${kind} needs "from": the Flask, Django or FastApi preset whose image it runs, got ${o.from === undefined ? 'nothing' : String(o.from)}.`, `pass the preset itself: new ${kind}(app, '${service.node.id}', { from: api, app: 'app.celery' }).`);
  }
  if (typeof o.app !== 'string' || o.app === '') {
    Annotations.of(service).addError(`${kind} needs "app", the Celery application for -A, got ${o.app === undefined ? 'nothing' : JSON.stringify(o.app)}.`, `set app: 'app.celery' (module.attribute) or the Django project name.`);
  }
  return Service.isService(o.from);
}

function inheritEnv(service: Service, o: CeleryOptions): void {
  if (!checkFrom(service, o)) return;
  const omitted = new Set(['WEB_CONCURRENCY', ...(o.omitEnv ?? [])]);
  for (const name of o.omitEnv ?? []) {
    if (!o.from.environment.some(([k]) => k === name)) {
      Annotations.of(service).addError(`omitEnv names "${name}", which ${o.from.node.path} does not set.`, `remove "${name}" from omitEnv, or check its spelling.`);
    }
  }
  for (const [k, v] of o.from.environment) if (!omitted.has(k)) service.addEnv(k, v);
  for (const [k, v] of Object.entries(o.env ?? {})) service.addEnv(k, v);
  service.addDependency(o.from);
}
