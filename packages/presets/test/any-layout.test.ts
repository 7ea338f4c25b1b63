import { App } from '@slipway/constructs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ViteSpa } from '../src/index.js';
import { finalStage, fixture, lint, synthWith } from './_helpers.js';

// The source folder anywhere relative to the output folder: what the image needs from the output
// folder (the generated nginx.conf) reaches the build as a named context, never by moving folders.

describe('a preset whose source folder does not contain the output folder', () => {
  it('GIVEN frontend/ and deploy/ as siblings THEN the nginx.conf is copied from the output folder as a named build context', () => {
    const outdir = join(fixture('.'), '..', '.layout-out', 'deploy'); // never written: Testing.synth
    const app = new App({ name: 'shop', outdir });
    new ViteSpa(app, 'web', { source: fixture('vite-berry') });
    const { out, dockerfile, compose } = synthWith(app, 'web');

    expect(out.warnings.map((w) => w.message)).toEqual([]);
    expect(lint(dockerfile)).toEqual([]);
    expect(finalStage(dockerfile)).toContain('COPY --from=slipway-output web.nginx.conf /etc/nginx/conf.d/default.conf');

    const build = compose.services.web.build;
    expect(build.additional_contexts).toEqual({ 'slipway-output': '.' });
    // Compose resolves context and additional contexts from the Compose file's folder, the
    // Dockerfile from the context: each must land on what synth produced.
    expect(resolve(outdir, build.context)).toBe(fixture('vite-berry'));
    expect(resolve(outdir, build.context, build.dockerfile)).toBe(join(outdir, 'web.Dockerfile'));
    expect(Object.keys(out.files)).toContain('web.nginx.conf');
    expect(resolve(outdir, build.additional_contexts['slipway-output'], 'web.nginx.conf')).toBe(join(outdir, 'web.nginx.conf'));
    // Nothing of the output folder is re-included in the source's ignore file.
    expect(out.text('web.Dockerfile.dockerignore')).not.toContain('nginx.conf');
  });

  it('GIVEN the Swarm target THEN deploy-stack.sh builds with the same named context', () => {
    const outdir = join(fixture('.'), '..', '.layout-out', 'deploy');
    const app = new App({ name: 'shop', outdir, target: 'swarm', swarm: { registry: 'ghcr.io/acme' } });
    new ViteSpa(app, 'web', { source: fixture('vite-berry') });
    const script = synthWith(app, 'web').out.text('deploy-stack.sh');
    expect(script).toMatch(/web\) docker build .*--build-context slipway-output=\. /);
  });

  it('GIVEN the output folder inside the source THEN nothing changes: the file is read from the main context', () => {
    const app = new App({ name: 'shop', outdir: join(fixture('vite-berry'), 'deploy') });
    new ViteSpa(app, 'web', { source: fixture('vite-berry') });
    const { dockerfile, compose } = synthWith(app, 'web');
    expect(finalStage(dockerfile)).toContain('COPY deploy/web.nginx.conf /etc/nginx/conf.d/default.conf');
    expect(compose.services.web.build.additional_contexts).toBeUndefined();
  });
});
