import type { Dockerfile, Stage } from '@slipway/constructs';
import type { PackageManager } from './detect.js';
import { createSystemUser } from './framework-preset.js';

/** Default Python base image (Debian slim). */
export const PYTHON_IMAGE = 'python:3.12.9-slim-bookworm';
/** uv binary image, copied into the build stage for uv projects. */
export const UV_IMAGE = 'ghcr.io/astral-sh/uv:0.6.3';
/** Unprivileged user of the Python images. */
export const PYTHON_UID = 10001;

/** What the Python stages need. */
export interface PythonBuildInput {
  readonly pythonImage: string;
  readonly packageManager: Extract<PackageManager, 'pip' | 'uv'>;
  /** App folder relative to the context (`.` or `services/api`). */
  readonly appDir: string;
  /** Pinned packages to add to the virtualenv (e.g. a missing `gunicorn==23.0.0`). */
  readonly extraPackages?: readonly string[];
}

/**
 * `build`: a virtualenv in /opt/venv with the locked dependencies (pip with requirements.txt,
 * or uv with uv.lock), cached between builds. `runtime`: the same Python, the virtualenv, the
 * sources, a numeric non-root user.
 */
export function pythonStages(df: Dockerfile, input: PythonBuildInput): Stage {
  const app = input.appDir === '.' ? '' : `${input.appDir}/`;
  const build = df.stage('build', input.pythonImage)
    .env({ PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONDONTWRITEBYTECODE: '1', VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:$PATH' })
    .workdir('/app')
    .run('python -m venv /opt/venv');
  if (input.packageManager === 'uv') {
    build.copy(['/uv'], '/usr/local/bin/uv', { from: UV_IMAGE });
    build.env({ UV_PROJECT_ENVIRONMENT: '/opt/venv', UV_COMPILE_BYTECODE: '1', UV_LINK_MODE: 'copy' });
    build.copy([`${app}pyproject.toml`, `${app}uv.lock`], './');
    build.run('uv sync --frozen --no-dev --no-install-project', { mounts: [{ type: 'cache', id: 'uv', target: '/root/.cache/uv' }] });
  } else {
    build.copy([`${app}requirements.txt`], './');
    build.run('pip install -r requirements.txt', { mounts: [{ type: 'cache', id: 'pip', target: '/root/.cache/pip' }] });
  }
  if (input.extraPackages?.length) {
    build.run(`pip install ${input.extraPackages.join(' ')}`, { mounts: [{ type: 'cache', id: 'pip', target: '/root/.cache/pip' }] });
  }
  const runtime = df.stage('runtime', input.pythonImage)
    .env({ PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', VIRTUAL_ENV: '/opt/venv', PATH: '/opt/venv/bin:$PATH' });
  createSystemUser(runtime, PYTHON_UID);
  runtime.workdir('/app').copy(['/opt/venv'], '/opt/venv', { from: 'build' }).copy([`${app || '.'}`], '.');
  return runtime;
}
