import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { must } from './engine.js';

interface ComposeService {
  readonly build?: unknown;
  readonly command?: unknown;
  readonly expose?: readonly string[];
}

/**
 * Test stand-in for the services a stack builds from source: the examples' app folders hold only
 * manifests (no application code), so their images cannot be built here. A
 * `docker-compose.override.yml` (which Compose, and so deploy.sh, read beside the generated file)
 * swaps each build for the app stand-in image, tagged with the name Compose gives built images
 * (`<project>-<service>`), listening on the service's port. Everything else — networks, secrets,
 * health checks, limits, the proxy — is the generated file, unchanged. The generated Dockerfiles
 * are built for real by builds.test.ts. A built service that runs another command of its image (a
 * Celery worker on the API's image) runs the stand-in's server instead, without its health
 * check: that process is not covered.
 * Returns the services it replaced.
 */
export function standInBuilds(deployDir: string): string[] {
  const compose = parse(readFileSync(join(deployDir, 'docker-compose.yml'), 'utf8')) as { name: string; services: Record<string, ComposeService> };
  const built = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
  const lines = ['# Test stand-in (test/engine/_support/stand-in-builds.ts): built services run the app stand-in.', 'services:'];
  for (const [name, s] of built) {
    const image = `${compose.name}-${name}`;
    must(`docker tag slipway-standin/app ${image}`);
    const port = (s.expose ?? ['3000'])[0];
    lines.push(`  ${name}:`, '    build: !reset null', `    image: ${image}`, '    pull_policy: never', '    environment:', `      STANDIN_PORT: "${port}"`);
    if (s.command !== undefined) lines.push('    command: !reset null', '    healthcheck: !reset null');
  }
  writeFileSync(join(deployDir, 'docker-compose.override.yml'), lines.join('\n') + '\n');
  return built.map(([name]) => name);
}
