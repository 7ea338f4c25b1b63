import { HealthCheck, shCommand } from '@slipway/constructs';
import type { Problem } from '@slipway/core';
import type { Construct } from 'constructs';
import { detectFor } from './_checks.js';
import { PYTHON_IMAGE, PYTHON_UID, pythonStages } from './_python-recipe.js';
import { SourceTree } from './_source.js';
import type { Detection, Framework } from './detect.js';
import { FrameworkPreset, finishImage, placeMigrations, shellThenExec, withDefaults, type PresetOptions, type PresetPlan } from './framework-preset.js';

/** Options of the Python presets. */
export interface PythonPresetOptions extends PresetOptions {
  /**
   * Python base image, pinned.
   * @default `python:3.12.9-slim-bookworm`
   */
  readonly pythonImage?: string;
  /**
   * WSGI/ASGI target, e.g. `app:create_app()`, `main:app`.
   * @default detected from the files
   */
  readonly app?: string;
  /**
   * Server worker processes.
   * @default 2 × CPUs (from `resources.cpus`, default 1) + 1
   */
  readonly workers?: number;
  /**
   * Shell commands run before each start, after the preset's own steps (migrations), e.g.
   * `['flask seed-data', 'flask create-admin']`. They run at every start, so they must be
   * idempotent; a failing one stops the container before the server starts.
   * @default none
   */
  readonly beforeStart?: readonly string[];
  /**
   * Folders the app writes to, created in the image and owned by the app user (uid 10001).
   * A new named volume mounted there inherits that ownership; without it the volume is owned
   * by root and the app cannot write.
   * @default the targets of the named volumes in `volumes`
   */
  readonly writable?: readonly string[];
}

/** Options of {@link Flask}. */
export interface FlaskOptions extends PythonPresetOptions {
  /**
   * Run `flask db upgrade` (Flask-Migrate) once per release, before the release serves (the service's `releaseCommand`, run by `deploy.sh`; on Swarm, before each start).
   * @default false
   */
  readonly migrate?: boolean;
}

/** Options of {@link Django}. */
export interface DjangoOptions extends PythonPresetOptions {
  /**
   * Run `manage.py migrate` once per release, before the release serves (the service's `releaseCommand`, run by `deploy.sh`; on Swarm, before each start).
   * @default true
   */
  readonly migrate?: boolean;
  /**
   * Run `manage.py collectstatic` before each start, into `STATIC_ROOT` (which must be
   * `/app/staticfiles`, writable by the app user). At start, not at build: settings then need no
   * build-time secrets.
   * @default true
   */
  readonly collectstatic?: boolean;
}

/** Pinned servers added when the requirements lack them. */
const SERVERS = { gunicorn: 'gunicorn==23.0.0', uvicorn: 'uvicorn==0.34.0' } as const;

/**
 * A Flask app served by gunicorn (workers from the CPU limit), optional `flask db upgrade` before
 * start, non-root, a health check with Python's urllib. Pair with {@link CeleryWorker} /
 * {@link CeleryBeat} for background jobs on the same image.
 */
export class Flask extends FrameworkPreset {
  constructor(scope: Construct, id: string, o: FlaskOptions = {}) {
    o ??= {}; // null from a JavaScript caller means no options
    super(scope, id, planPython(scope, 'Flask', 'flask', o, (d, tree) => {
      const target = o.app ?? (tree.has('wsgi.py') ? 'wsgi:app' : tree.has('app.py') ? 'app:app' : tree.has('app/__init__.py') ? 'app:create_app()' : 'app:app');
      return {
        server: 'gunicorn',
        start: (port) => ['gunicorn', '--bind', `0.0.0.0:${port}`, '--access-logfile', '-', target],
        migrations: o.migrate ? [shCommand(['flask', '--app', target, 'db', 'upgrade'])] : [],
        before: [],
        env: { FLASK_APP: target },
      };
    }));
  }
}

/** A FastAPI app served by uvicorn (workers from the CPU limit). */
export class FastApi extends FrameworkPreset {
  constructor(scope: Construct, id: string, o: PythonPresetOptions = {}) {
    o ??= {}; // null from a JavaScript caller means no options
    super(scope, id, planPython(scope, 'FastApi', 'fastapi', o, (d, tree) => {
      const target = o.app ?? (tree.has('app/main.py') ? 'app.main:app' : 'main:app');
      return { server: 'uvicorn', start: (port) => ['uvicorn', target, '--host', '0.0.0.0', '--port', String(port)], migrations: [], before: [], env: {} };
    }));
  }
}

/** A Django project served by gunicorn, with migrate and collectstatic before start. */
export class Django extends FrameworkPreset {
  constructor(scope: Construct, id: string, o: DjangoOptions = {}) {
    o ??= {}; // null from a JavaScript caller means no options
    super(scope, id, planPython(scope, 'Django', 'django', o, (d, tree, problems) => {
      const settings = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(tree.text('manage.py') ?? '')?.[1];
      if (!settings && !o.app) {
        problems.push({ message: `no manage.py naming DJANGO_SETTINGS_MODULE in ${tree.root}.`, fix: `point source at the Django project, or set app: 'mysite.wsgi:application'.` });
      }
      const target = o.app ?? `${(settings ?? 'project.settings').replace(/\.settings(\.\w+)?$/, '')}.wsgi:application`;
      const before = o.collectstatic ?? true ? ['python manage.py collectstatic --noinput'] : [];
      return {
        server: 'gunicorn',
        start: (port) => ['gunicorn', '--bind', `0.0.0.0:${port}`, '--access-logfile', '-', target],
        migrations: o.migrate ?? true ? ['python manage.py migrate --noinput'] : [],
        before,
        env: settings ? { DJANGO_SETTINGS_MODULE: settings } : ({} as Record<string, string>),
        writable: o.collectstatic ?? true ? ['/app/staticfiles'] : [],
      };
    }));
  }
}

interface PythonServer {
  readonly server: keyof typeof SERVERS;
  readonly start: (port: number) => string[];
  /** Schema migrations: the release command with Compose, before each start on Swarm. */
  readonly migrations: readonly string[];
  /** Steps before each start (collectstatic). */
  readonly before: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Folders the app user must write to. */
  readonly writable?: readonly string[];
}

function planPython(
  scope: Construct,
  preset: string,
  framework: Framework,
  o: PythonPresetOptions,
  serverOf: (d: Detection, tree: SourceTree, problems: Problem[]) => PythonServer,
): PresetPlan {
  const { detection, problems } = detectFor(preset, [framework], o, ['pip', 'uv']);
  const tree = new SourceTree(detection.root).sub(detection.appDir);
  const s = serverOf(detection, tree, problems);
  const port = o.port ?? 8000;
  const cpus = o.resources?.cpus ?? 1;
  const workers = o.workers ?? 2 * Math.ceil(cpus) + 1;
  const healthCheck = o.healthCheck ?? HealthCheck.http(port, o.health ?? '/health', 'python');
  const pm = detection.packageManager === 'uv' ? 'uv' : 'pip';
  const deps = `${tree.text('requirements.txt') ?? ''}\n${tree.text('pyproject.toml') ?? ''}`.toLowerCase();
  const hasServer = new RegExp(`(^|[\\s"'])${s.server}\\b|fastapi\\[standard`, 'm').test(deps);
  if (!hasServer && pm === 'uv') {
    problems.push({ message: `${s.server} is not a dependency of the project, and the image runs it.`, fix: `run "uv add ${s.server}" and commit pyproject.toml and uv.lock.` });
  }
  const start = s.start(port);
  const migrations = placeMigrations(scope, s.migrations);
  const before = [...migrations.beforeStart, ...s.before, ...(o.beforeStart ?? [])];
  const volumeTargets = (o.volumes ?? []).flatMap((m) => ('volume' in m ? [m.target] : []));
  const writable = [...new Set([...(s.writable ?? []), ...(o.writable ?? volumeTargets)])];
  return {
    context: o.source ?? '.',
    optionKeys: ['pythonImage', 'app', 'workers', 'beforeStart', 'writable', 'migrate', 'collectstatic'],
    props: {
      ...withDefaults({ port, healthCheck, resources: { cpus: 1, memory: '512M' }, capDrop: ['ALL'], releaseCommand: migrations.releaseCommand }, o),
      // gunicorn and uvicorn both read WEB_CONCURRENCY as their default worker count.
      env: { WEB_CONCURRENCY: String(workers), ...s.env, ...o.env },
    },
    problems,
    recipe: (df) => {
      const runtime = pythonStages(df, {
        pythonImage: o.pythonImage ?? PYTHON_IMAGE,
        packageManager: pm,
        appDir: detection.appDir,
        extraPackages: !hasServer && pm === 'pip' ? [SERVERS[s.server]] : [],
      });
      for (const dir of writable) runtime.run(`mkdir -p ${dir} && chown ${PYTHON_UID}:${PYTHON_UID} ${dir}`);
      runtime.env({ WEB_CONCURRENCY: String(workers), ...s.env });
      finishImage(runtime, {
        user: `${PYTHON_UID}:${PYTHON_UID}`,
        port,
        healthCheck,
        cmd: before.length ? shellThenExec(before, start) : start,
      });
    },
  };
}
