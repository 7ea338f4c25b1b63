import { describe, expect, it } from 'vitest';
import { Secret, Volume } from '@slipway/constructs';
import { CeleryBeat, CeleryWorker, Django, Express, FastApi, Flask, NestJs, NextJs, SpringBoot, ViteSpa } from '../src/index.js';
import { layerModeOf } from '../src/spring-boot.js';
import { appAt, errorsOf, finalStage, fixture, lint, stagesOf, synthWith } from './_helpers.js';

/** Every generated Dockerfile must lint clean and synthesize without any warning (all rules pass). */
function build(name: string, make: (app: ReturnType<typeof appAt>, root: string) => void, service: string) {
  const root = fixture(name);
  const app = appAt(root);
  make(app, root);
  const r = synthWith(app, service);
  expect(lint(r.dockerfile)).toEqual([]);
  expect(r.out.warnings.map((w) => `${w.id} ${w.path}: ${w.message}`)).toEqual([]);
  return { ...r, final: finalStage(r.dockerfile), svc: r.compose.services[service] };
}

describe('NestJs', () => {
  it('GIVEN an npm app with Prisma migrations and seeding THEN it installs with npm ci, prunes dev deps, migrates once per release and seeds at start', () => {
    const { dockerfile, final, svc, out } = build('nest-npm', (app, root) => new NestJs(app, 'api', { source: root, migrate: 'prisma', seedScript: 'seed' }), 'api');
    expect(stagesOf(dockerfile)).toEqual(['base', 'deps', 'build', 'runtime']);
    expect(dockerfile).toContain('COPY package.json package-lock.json ./');
    expect(dockerfile).toContain('RUN --mount=type=cache,id=npm,target=/root/.npm \\\n    npm ci');
    expect(dockerfile).toContain('RUN npm run build');
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(dockerfile).not.toContain('corepack');
    expect(final).toContain('USER 1000:1000');
    expect(final).toContain('COPY --from=build /app/ ./');
    expect(final).toContain('HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD ["node", "-e", "fetch(\\"http://127.0.0.1:3000/health\\")');
    expect(final).toContain(
      'CMD ["sh", "-c", "if [ \\"$SEED_DB\\" = \\"true\\" ]; then npm run seed; fi && exec node dist/main.js"]',
    );
    expect(svc.build).toEqual({ context: '..', dockerfile: 'deploy/api.Dockerfile' });
    // Migrations: deploy.sh's release command, once per release on the new image, before it serves.
    expect(out.text('deploy.sh')).toContain("compose run --rm -T --no-deps api sh -c 'node_modules/.bin/prisma migrate deploy'");
    expect(svc.environment).toEqual({ NODE_ENV: 'production', PORT: '3000', SEED_DB: 'false' });
    expect(svc.healthcheck.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(svc.deploy.resources.limits).toEqual({ cpus: '1', memory: '512M', pids: 512 });
    expect(svc.cap_drop).toEqual(['ALL']);
  });

  it('GIVEN a named volume for generated files THEN its folder is created before USER and owned by uid 1000; bind mounts are left alone', () => {
    const { final, svc } = build(
      'nest-npm',
      (app, root) => {
        const pdfs = new Volume(app, 'pdfs');
        new NestJs(app, 'api', { source: root, volumes: [{ volume: pdfs, target: '/app/storage/pdfs' }, { bind: './certs', target: '/certs', readOnly: true }] });
      },
      'api',
    );
    // A fresh named volume copies the ownership of the image folder it is mounted on.
    expect(final).toContain('RUN mkdir -p /app/storage/pdfs && chown 1000:1000 /app/storage/pdfs');
    expect(final.indexOf('RUN mkdir -p /app/storage/pdfs')).toBeGreaterThan(final.indexOf('COPY --from=build'));
    expect(final.indexOf('RUN mkdir -p /app/storage/pdfs')).toBeLessThan(final.indexOf('USER 1000:1000'));
    expect(final).not.toContain('/certs');
    expect(svc.volumes[0]).toBe('pdfs:/app/storage/pdfs');
    expect(svc.volumes[1]).toMatch(/certs:\/certs:ro$/);
  });

  it('GIVEN writable set explicitly THEN exactly those folders are prepared', () => {
    const { final } = build('nest-npm', (app, root) => new NestJs(app, 'api', { source: root, writable: ['/app/tmp', '/app/uploads'] }), 'api');
    expect(final).toContain('RUN mkdir -p /app/tmp && chown 1000:1000 /app/tmp');
    expect(final).toContain('RUN mkdir -p /app/uploads && chown 1000:1000 /app/uploads');
  });

  it('GIVEN a yarn classic app THEN it installs with the frozen lockfile and prunes with --production', () => {
    const { dockerfile } = build('nest-yarn', (app, root) => new NestJs(app, 'api', { source: root }), 'api');
    expect(dockerfile).toContain('RUN corepack enable');
    expect(dockerfile).toContain('COPY package.json yarn.lock ./');
    expect(dockerfile).toContain('yarn install --frozen-lockfile\n');
    expect(dockerfile).toContain('yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline');
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main.js"\]\n$/);
  });

  it('GIVEN a pnpm monorepo workspace THEN only the target is installed and built, and pnpm deploy ships a pruned tree', () => {
    const { dockerfile, final, out } = build('pnpm-monorepo', (app, root) => new NestJs(app, 'api', { source: root, workspace: '@dropit/api', health: '/api/health', migrate: 'typeorm' }), 'api');
    expect(dockerfile).toContain('COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./');
    expect(dockerfile).toContain('pnpm fetch --frozen-lockfile --store-dir=/pnpm/store');
    expect(dockerfile).toContain("pnpm install --frozen-lockfile --prefer-offline --store-dir=/pnpm/store --filter '@dropit/api...'");
    expect(dockerfile).toContain("RUN pnpm --filter '@dropit/api...' run build");
    // pnpm@9 (packageManager field) deploys without --legacy.
    expect(dockerfile).toContain("pnpm --filter '@dropit/api' deploy --prod --store-dir=/pnpm/store /prod/app");
    expect(dockerfile).not.toContain('@dropit/web');
    expect(final).toContain('COPY --from=build /prod/app/ ./');
    expect(final).toContain('CMD ["node", "dist/main.js"]');
    expect(out.text('deploy.sh')).toContain("api sh -c 'node_modules/.bin/typeorm migration:run -d dist/data-source.js'");
    expect(final).toContain('http://127.0.0.1:3000/api/health');
    expect(out.text('api.Dockerfile.dockerignore').split('\n')).toEqual(expect.arrayContaining(['deploy', '**/node_modules', '**/dist']));
  });

  it('GIVEN options THEN they override every default', () => {
    const { dockerfile, svc } = build(
      'nest-npm',
      (app, root) =>
        new NestJs(app, 'api', {
          source: root,
          port: 4000,
          nodeImage: 'node:20.18.1-alpine3.20',
          start: ['node', 'dist/server.js'],
          resources: { cpus: 2, memory: '1G' },
          env: { NODE_ENV: 'staging' },
          capDrop: [],
        }),
      'api',
    );
    expect(dockerfile).toContain('FROM node:20.18.1-alpine3.20 AS base');
    expect(dockerfile).toContain('EXPOSE 4000');
    expect(dockerfile).toContain('CMD ["node", "dist/server.js"]');
    expect(svc.environment).toEqual({ NODE_ENV: 'staging', PORT: '4000' });
    expect(svc.deploy.resources.limits).toEqual({ cpus: '2', memory: '1G', pids: 512 });
    expect(svc.cap_drop).toBeUndefined();
  });
});

describe('Express', () => {
  it('GIVEN an app without build script THEN it starts package.json main and skips the build', () => {
    const { dockerfile } = build('express-npm', (app, root) => new Express(app, 'hooks', { source: root }), 'hooks');
    expect(dockerfile).not.toContain('npm run build');
    expect(dockerfile).toMatch(/USER 1000:1000\nEXPOSE 3000\n[^\n]+\nCMD \["node", "server.js"\]\n$/);
  });
});

describe('NextJs', () => {
  it('GIVEN a standalone app THEN NEXT_PUBLIC_* are build args and the runtime holds only the standalone server', () => {
    const { dockerfile, final, svc } = build(
      'next-standalone',
      (app, root) => new NextJs(app, 'site', { source: root, buildEnv: { NEXT_PUBLIC_API_URL: 'https://api.shop.test' } }),
      'site',
    );
    expect(stagesOf(dockerfile)).toEqual(['base', 'deps', 'build', 'runtime']);
    expect(dockerfile).toMatch(/FROM deps AS build\nARG NEXT_PUBLIC_API_URL\nENV NEXT_TELEMETRY_DISABLED=1\nCOPY \. \.\nRUN npm run build\n/);
    expect(dockerfile).not.toContain('npm prune');
    expect(final).toContain('COPY --from=build /app/.next/standalone/ ./');
    expect(final).toContain('COPY --from=build /app/.next/static/ ./.next/static/');
    expect(final).not.toContain('public/');
    expect(final).toContain('HOSTNAME=0.0.0.0');
    expect(final).toContain('USER 1000:1000');
    expect(final).toMatch(/CMD \["node", "server.js"\]\n$/);
    expect(svc.build.args).toEqual({ NEXT_PUBLIC_API_URL: 'https://api.shop.test' });
    expect(svc.environment.HOSTNAME).toBe('0.0.0.0');
    expect(svc.healthcheck.test[3]).toContain('http://127.0.0.1:3000/');
  });

  it('GIVEN a pnpm monorepo app THEN the build is filtered and the server runs from its folder in the traced tree', () => {
    const { dockerfile, final } = build('pnpm-monorepo', (app, root) => new NextJs(app, 'site', { source: root, workspace: '@dropit/site' }), 'site');
    expect(dockerfile).toContain("RUN pnpm --filter '@dropit/site...' run build");
    expect(dockerfile).not.toContain('deploy --prod');
    expect(final).toContain('COPY --from=build /app/apps/site/.next/static/ ./apps/site/.next/static/');
    expect(final).toContain('COPY --from=build /app/apps/site/public/ ./apps/site/public/');
    expect(final).toMatch(/CMD \["node", "apps\/site\/server.js"\]\n$/);
  });
});

describe('ViteSpa', () => {
  it('GIVEN a yarn berry app THEN it builds with VITE_* args and serves with unprivileged nginx and the generated config', () => {
    const { dockerfile, final, svc, out } = build(
      'vite-berry',
      (app, root) => new ViteSpa(app, 'web', { source: root, buildEnv: { VITE_API_URL: 'https://api.shop.test' } }),
      'web',
    );
    expect(dockerfile).toContain('COPY package.json yarn.lock .yarnrc.yml ./');
    expect(dockerfile).toContain('yarn install --immutable');
    expect(dockerfile).toContain('ARG VITE_API_URL');
    expect(final).toContain('FROM nginxinc/nginx-unprivileged:1.27.4-alpine AS runtime');
    expect(final).toContain('COPY deploy/web.nginx.conf /etc/nginx/conf.d/default.conf');
    expect(final).toContain('COPY --from=build /app/dist/ /usr/share/nginx/html/');
    expect(final).toContain('USER 101:101');
    expect(final).toContain('CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/healthz"]');
    expect(out.text('web.Dockerfile.dockerignore')).toContain('\n!deploy/web.nginx.conf\n');
    const conf = out.text('web.nginx.conf');
    expect(conf).toContain('listen 8080;');
    expect(conf).toContain('try_files $uri $uri/ /index.html;');
    expect(conf).toMatch(/location \/assets\/ \{\n.*\n\s+add_header Cache-Control "public, max-age=31536000, immutable";/);
    expect(conf).not.toMatch(/^\s*expires /m); // it would send a second Cache-Control header
    expect(svc.build.args).toEqual({ VITE_API_URL: 'https://api.shop.test' });
    expect(svc.deploy.resources.limits).toEqual({ cpus: '0.5', memory: '128M', pids: 512 });
  });
});

describe('Flask with Celery', () => {
  it('GIVEN a pip app THEN gunicorn runs with workers from the CPU limit, migrations first, and Celery reuses the image', () => {
    const { dockerfile, final, compose } = build(
      'flask-pip',
      (app, root) => {
        const api = new Flask(app, 'api', { source: root, migrate: true, resources: { cpus: 2, memory: '1G' }, env: { REDIS_URL: 'redis://cache:6379/0' } });
        new CeleryWorker(app, 'worker', { from: api, app: 'app.celery', concurrency: 4, queues: ['default', 'mail'] });
        new CeleryBeat(app, 'beat', { from: api, app: 'app.celery' });
      },
      'api',
    );
    expect(stagesOf(dockerfile)).toEqual(['build', 'runtime']);
    expect(dockerfile).toContain('RUN --mount=type=cache,id=pip,target=/root/.cache/pip \\\n    pip install -r requirements.txt');
    expect(dockerfile).not.toContain('gunicorn=='); // already in requirements.txt
    expect(final).toContain('COPY --from=build /opt/venv /opt/venv');
    expect(final).toContain('useradd --system --uid 10001');
    expect(final).toContain('USER 10001:10001');
    expect(final).toContain('"import sys,urllib.request;');
    expect(final).toContain(`CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "app:create_app()"]`);
    expect(compose.services.api.environment).toMatchObject({ WEB_CONCURRENCY: '5', FLASK_APP: 'app:create_app()' });
    const worker = compose.services.worker;
    expect(worker.build).toEqual(compose.services.api.build);
    expect(worker.command).toEqual(['celery', '-A', 'app.celery', 'worker', '--loglevel', 'INFO', '--concurrency', '4', '--queues', 'default,mail']);
    expect(worker.healthcheck.test).toEqual(['CMD-SHELL', 'celery -A app.celery inspect ping --destination "celery@$$HOSTNAME" --timeout 10']);
    expect(worker.environment).toEqual({ FLASK_APP: 'app:create_app()', REDIS_URL: 'redis://cache:6379/0' });
    expect(worker.expose).toBeUndefined();
    expect(compose.services.beat.command).toContain('beat');
    expect(compose.services.beat.healthcheck.test[1]).toBe('python');
  });

  it('GIVEN beforeStart commands and an uploads volume THEN they run at start, after the release\'s migrations, and the mount point belongs to the app user', () => {
    const { final, svc, out } = build(
      'flask-pip',
      (app, root) => {
        const uploads = new Volume(app, 'uploads');
        new Flask(app, 'api', { source: root, migrate: true, beforeStart: ['flask seed-data', 'flask create-admin'], volumes: [{ volume: uploads, target: '/app/uploads' }] });
      },
      'api',
    );
    expect(final).toContain(
      `CMD ["sh", "-c", "flask seed-data && flask create-admin && exec gunicorn --bind 0.0.0.0:8000 --access-logfile - 'app:create_app()'"]`,
    );
    // deploy.sh runs the migration first, once, before the release's container starts.
    const script = out.text('deploy.sh');
    expect(script.indexOf(`api sh -c 'flask --app '\\''app:create_app()'\\'' db upgrade'`)).toBeGreaterThan(script.indexOf('release_commands() {'));
    // Created before USER: a fresh named volume copies this ownership, so uid 10001 can write to it.
    expect(final.indexOf('RUN mkdir -p /app/uploads && chown 10001:10001 /app/uploads')).toBeGreaterThan(final.indexOf('COPY . .'));
    expect(final.indexOf('RUN mkdir -p /app/uploads')).toBeLessThan(final.indexOf('USER 10001:10001'));
    expect(svc.volumes).toEqual(['uploads:/app/uploads']);
  });

  it('GIVEN writable set explicitly THEN only those folders are prepared, bind mounts never are', () => {
    const { final } = build('flask-pip', (app, root) => new Flask(app, 'api', { source: root, writable: ['/app/instance'], volumes: [{ bind: './data', target: '/data' }] }), 'api');
    expect(final).toContain('RUN mkdir -p /app/instance && chown 10001:10001 /app/instance');
    expect(final).not.toContain('/data');
    expect(final).toMatch(/CMD \["gunicorn", /);
  });

  it('GIVEN omitEnv THEN the worker and beat do not get those variables, and a name the app does not set is an error', () => {
    const { compose } = build(
      'flask-pip',
      (app, root) => {
        const api = new Flask(app, 'api', { source: root, env: { REDIS_URL: 'redis://cache:6379/0', ADMIN_PASSWORD: new Secret(app, 'admin-password', { generate: 'alnum-24' }) } });
        new CeleryWorker(app, 'worker', { from: api, app: 'app.celery', omitEnv: ['ADMIN_PASSWORD'] });
        new CeleryBeat(app, 'beat', { from: api, app: 'app.celery', omitEnv: ['ADMIN_PASSWORD'] });
      },
      'api',
    );
    expect(compose.services.api.environment.ADMIN_PASSWORD).toContain('${ADMIN_PASSWORD:?');
    expect(compose.services.worker.environment).toEqual({ FLASK_APP: 'app:create_app()', REDIS_URL: 'redis://cache:6379/0' });
    expect(compose.services.beat.environment).not.toHaveProperty('ADMIN_PASSWORD');

    const root = fixture('flask-pip');
    const app = appAt(root);
    const api = new Flask(app, 'api', { source: root });
    new CeleryWorker(app, 'worker', { from: api, app: 'app.celery', omitEnv: ['ADMIN_PASWORD'] });
    expect(errorsOf(app)).toEqual(['shop/worker: omitEnv names "ADMIN_PASWORD", which api does not set. Fix: remove "ADMIN_PASWORD" from omitEnv, or check its spelling.']);
  });

  it('GIVEN beat with two replicas THEN it is an error naming the construct', () => {
    const root = fixture('flask-pip');
    const app = appAt(root);
    const api = new Flask(app, 'api', { source: root });
    new CeleryBeat(app, 'beat', { from: api, app: 'app.celery', replicas: 2 });
    expect(() => synthWith(app, 'api')).toThrow(/shop\/beat: Celery beat runs with 2 replicas/);
  });
});

describe('FastApi and Django', () => {
  it('GIVEN a uv FastAPI app THEN uv syncs the frozen lock and uvicorn serves app.main:app', () => {
    const { dockerfile, final } = build('fastapi-uv', (app, root) => new FastApi(app, 'api', { source: root }), 'api');
    expect(dockerfile).toContain('COPY --from=ghcr.io/astral-sh/uv:0.6.3 /uv /usr/local/bin/uv');
    expect(dockerfile).toContain('uv sync --frozen --no-dev --no-install-project');
    expect(final).toMatch(/CMD \["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"\]\n$/);
  });

  it('GIVEN a Django project without gunicorn THEN a pinned gunicorn is added, migrate runs once per release and collectstatic at start', () => {
    const { dockerfile, final, svc, out } = build('django-pip', (app, root) => new Django(app, 'web', { source: root }), 'web');
    expect(dockerfile).toContain('pip install gunicorn==23.0.0');
    expect(final).toContain('RUN mkdir -p /app/staticfiles && chown 10001:10001 /app/staticfiles');
    expect(final).toContain('python manage.py collectstatic --noinput && exec gunicorn --bind 0.0.0.0:8000 --access-logfile - shop.wsgi:application');
    expect(out.text('deploy.sh')).toContain("web sh -c 'python manage.py migrate --noinput'");
    expect(svc.command).toBeUndefined();
    expect(svc.environment.DJANGO_SETTINGS_MODULE).toBe('shop.settings');
  });
});

describe('SpringBoot', () => {
  it('GIVEN Maven and Boot 3.4 THEN dependencies are a cached layer and the jar is unpacked with jarmode=tools on a JRE', () => {
    const { dockerfile, final, svc } = build('spring-maven', (app, root) => new SpringBoot(app, 'orders', { source: root }), 'orders');
    expect(stagesOf(dockerfile)).toEqual(['build', 'extract', 'runtime']);
    expect(dockerfile).toMatch(/COPY pom.xml \.\/\nRUN --mount=type=cache,id=maven,target=\/root\/.m2 \\\n    mvn -B -q dependency:go-offline\nCOPY src \.\/src/);
    expect(dockerfile).toContain('java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /extract/layers');
    expect(final).toContain('FROM eclipse-temurin:21.0.6_7-jre-jammy AS runtime');
    expect(final).toContain('JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0');
    expect(final.indexOf('layers/dependencies/')).toBeLessThan(final.indexOf('layers/application/'));
    expect(final).toContain('USER 10001:10001');
    expect(final).toMatch(/CMD \["java", "org.springframework.boot.loader.launch.JarLauncher"\]\n$/);
    expect(svc.healthcheck.test.slice(0, 3)).toEqual(['CMD', 'bash', '-c']);
    expect(svc.healthcheck.test[3]).toContain('GET /actuator/health');
  });

  it('GIVEN Gradle and Boot 3.2 THEN it builds bootJar and unpacks with layertools', () => {
    const { dockerfile } = build('spring-gradle', (app, root) => new SpringBoot(app, 'billing', { source: root }), 'billing');
    expect(dockerfile).toContain('FROM gradle:8.12.1-jdk21 AS build');
    expect(dockerfile).toContain('gradle --no-daemon -q -g /cache/gradle bootJar -x test');
    expect(dockerfile).toContain('java -Djarmode=layertools -jar app.jar extract --destination /extract/layers');
  });

  it('GIVEN Boot versions THEN the layer mode follows them', () => {
    expect(layerModeOf('<artifactId>spring-boot-starter-parent</artifactId>\n<version>2.7.18</version>')).toBe('layertools-legacy');
    expect(layerModeOf("id 'org.springframework.boot' version '3.2.1'")).toBe('layertools');
    expect(layerModeOf('nothing')).toBe('tools');
  });
});
