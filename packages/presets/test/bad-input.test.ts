import { describe, expect, it } from 'vitest';
import { Django, Express, Flask, NestJs, NextJs, ViteSpa } from '../src/index.js';
import { appAt, errorsOf, fixture } from './_helpers.js';

describe('preset input mistakes', () => {
  it('GIVEN NestJs pointed at a Flask app THEN the error names the path, what was found and the preset to use', () => {
    const root = fixture('flask-pip');
    const app = appAt(root);
    new NestJs(app, 'api', { source: root });
    const errors = errorsOf(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^shop\/api: .*flask-pip is not a NestJs app: detection found a flask app \(use Flask\)\. Fix: point source \(and workspace\) at the NestJs app/);
  });

  it('GIVEN no lockfile THEN the error says to commit one', () => {
    const root = fixture('express-nolock');
    const app = appAt(root);
    new Express(app, 'hooks', { source: root });
    expect(errorsOf(app)).toEqual([expect.stringMatching(/^shop\/hooks: no lockfile .* Fix: run your package manager's install .* and commit the lockfile\.$/)]);
  });

  it('GIVEN an unknown workspace THEN the error lists the packages of the monorepo', () => {
    const root = fixture('pnpm-monorepo');
    const app = appAt(root);
    new ViteSpa(app, 'web', { source: root, workspace: '@dropit/webapp' });
    const errors = errorsOf(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('shop/web: workspace "@dropit/webapp" is not a package of the monorepo');
    expect(errors[0]).toContain('Fix: use one of: @dropit/api, @dropit/site, @dropit/web, @dropit/shared.');
  });

  it('GIVEN a monorepo root without workspace THEN the error asks which package to build', () => {
    const root = fixture('pnpm-monorepo');
    const app = appAt(root);
    new NestJs(app, 'api', { source: root });
    expect(errorsOf(app)[0]).toMatch(/^shop\/api: .* is a monorepo root; NestJs needs to know which package to build\. Fix: set workspace to one of: @dropit\/api/);
  });

  it('GIVEN Next.js without standalone output THEN the error says which config file to change and how', () => {
    const root = fixture('next-plain');
    const app = appAt(root);
    new NextJs(app, 'site', { source: root });
    expect(errorsOf(app)).toEqual([
      "shop/site: next.config.js does not set output: 'standalone', which the image is built from. Fix: add output: 'standalone' to the config object in next.config.js.",
    ]);
  });

  it('GIVEN server-side variables in buildEnv THEN NextJs and ViteSpa refuse to bake them into the image', () => {
    const app = appAt(fixture('pnpm-monorepo'));
    new NextJs(app, 'site', { source: fixture('next-standalone'), buildEnv: { DATABASE_URL: 'postgres://x' } });
    new ViteSpa(app, 'web', { source: fixture('vite-berry'), buildEnv: { API_URL: 'https://x' } });
    const errors = errorsOf(app);
    expect(errors).toContainEqual(expect.stringMatching(/^shop\/site: buildEnv "DATABASE_URL" is not NEXT_PUBLIC_\*.* Fix: read DATABASE_URL at runtime: move it to env/));
    expect(errors).toContainEqual(expect.stringMatching(/^shop\/web: buildEnv "API_URL" is not VITE_\*.* Fix: rename it VITE_API_URL/));
  });

  it('GIVEN a migration tool that is only a devDependency THEN the error says to move it', () => {
    const root = fixture('nest-yarn');
    const app = appAt(root);
    new NestJs(app, 'api', { source: root, migrate: 'prisma' });
    expect(errorsOf(app)).toEqual([expect.stringMatching(/^shop\/api: migrate: 'prisma' needs the "prisma" CLI at runtime.* Fix: move "prisma" from devDependencies to dependencies/)]);
  });

  it('GIVEN a missing source folder and a Poetry project THEN both are reported together, without throwing', () => {
    const app = appAt(fixture('flask-pip'));
    new Django(app, 'web', { source: fixture('missing') });
    new Flask(app, 'api', { source: fixture('python-poetry') });
    const errors = errorsOf(app);
    expect(errors).toContainEqual(expect.stringMatching(/^shop\/web: source folder ".*missing" does not exist\. Fix: set source/));
    expect(errors).toContainEqual(expect.stringMatching(/^shop\/api: pyproject.toml without uv.lock or requirements.txt/));
  });
});
