import { setSession } from '@slipway/core';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../src/index.js';
import { fixture } from './_helpers.js';

describe('detect', () => {
  it.each([
    ['nest-npm', 'nestjs', 'NestJs', 'npm', 'package-lock.json'],
    ['nest-yarn', 'nestjs', 'NestJs', 'yarn', 'yarn.lock'],
    ['next-standalone', 'nextjs', 'NextJs', 'npm', 'package-lock.json'],
    ['vite-berry', 'vite', 'ViteSpa', 'yarn-berry', 'yarn.lock'],
    ['express-npm', 'express', 'Express', 'npm', 'package-lock.json'],
    ['flask-pip', 'flask', 'Flask', 'pip', 'requirements.txt'],
    ['fastapi-uv', 'fastapi', 'FastApi', 'uv', 'uv.lock'],
    ['django-pip', 'django', 'Django', 'pip', 'requirements.txt'],
    ['spring-maven', 'spring-boot', 'SpringBoot', 'maven', 'pom.xml'],
    ['spring-gradle', 'spring-boot', 'SpringBoot', 'gradle', 'build.gradle.kts'],
  ])('GIVEN %s THEN it proposes %s with %s', (name, framework, preset, pm, lockfile) => {
    const d = detect(fixture(name));
    expect({ framework: d.framework, preset: d.preset, packageManager: d.packageManager, lockfile: d.lockfile }).toEqual({ framework, preset, packageManager: pm, lockfile });
    expect(d.problems).toEqual([]);
    expect(d.appDir).toBe('.');
  });

  it('GIVEN a pnpm monorepo THEN it lists the workspace packages and selects one by name', () => {
    const root = detect(fixture('pnpm-monorepo'));
    expect(root.workspaces).toEqual([
      { name: '@dropit/api', dir: 'apps/api' },
      { name: '@dropit/site', dir: 'apps/site' },
      { name: '@dropit/web', dir: 'apps/web' },
      { name: '@dropit/shared', dir: 'packages/shared' },
    ]);
    expect(root.framework).toBeUndefined();
    const api = detect(fixture('pnpm-monorepo'), { workspace: '@dropit/api' });
    expect(api).toMatchObject({ appDir: 'apps/api', framework: 'nestjs', packageManager: 'pnpm', packageManagerSpec: 'pnpm@9.12.0', lockfile: 'pnpm-lock.yaml' });
    const site = detect(fixture('pnpm-monorepo'), { workspace: '@dropit/site' });
    expect(site).toMatchObject({ framework: 'nextjs', nextConfig: 'next.config.mjs', nextStandalone: true });
  });

  it('GIVEN Next.js configs THEN standalone output is read from next.config.ts and missing from next.config.js', () => {
    expect(detect(fixture('next-standalone'))).toMatchObject({ nextConfig: 'next.config.ts', nextStandalone: true });
    expect(detect(fixture('next-plain'))).toMatchObject({ nextConfig: 'next.config.js', nextStandalone: false });
  });

  it('GIVEN an unknown workspace THEN the problem lists the packages there are', () => {
    const d = detect(fixture('pnpm-monorepo'), { workspace: '@dropit/admin' });
    expect(d.problems[0]!.message).toContain('workspace "@dropit/admin" is not a package of the monorepo');
    expect(d.problems[0]!.fix).toBe('use one of: @dropit/api, @dropit/site, @dropit/web, @dropit/shared.');
  });

  it('GIVEN no lockfile THEN it says to commit one', () => {
    const d = detect(fixture('express-nolock'));
    expect(d.framework).toBe('express');
    expect(d.packageManager).toBeUndefined();
    expect(d.problems.map((p) => p.fix)).toEqual([expect.stringContaining('commit the lockfile')]);
  });

  it('GIVEN a Poetry project without lock THEN unpinned dependencies are a problem', () => {
    const d = detect(fixture('python-poetry'));
    expect(d.framework).toBe('flask');
    expect(d.problems[0]!.message).toContain('pyproject.toml without uv.lock or requirements.txt');
  });

  it('GIVEN a folder that does not exist THEN it is a problem, not an exception', () => {
    const d = detect(fixture('nope'));
    expect(d.framework).toBeUndefined();
    expect(d.problems[0]!.message).toMatch(/source folder ".*nope" does not exist/);
  });

  it('GIVEN a relative source under the synth CLI THEN it is read from the folder of infra.ts', () => {
    setSession({ baseDir: dirname(fixture('nest-npm')), source: 'infra.ts', strict: false, apps: [], record: () => undefined });
    try {
      expect(detect('nest-npm')).toMatchObject({ root: fixture('nest-npm'), framework: 'nestjs' });
    } finally {
      setSession(undefined);
    }
  });
});
