import { App, type Dockerfile } from '@slipway/constructs';
import { Testing, type Diagnostic } from '@slipway/core';
import { validate } from 'dockerfile-utils';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Absolute path of a fixture source tree. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** An App whose output folder is `deploy/` inside `root`, as if infra.ts sat at the root. */
export function appAt(root: string): App {
  return new App({ name: 'shop', outdir: join(root, 'deploy') });
}

/** Problems dockerfile-utils finds (errors and warnings alike): a clean file has none. */
export function lint(text: string): string[] {
  return validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

/** Synthesizes, asserting nothing failed; returns the output and the service's Dockerfile text. */
export function synthWith(app: App, service: string) {
  const out = Testing.synth(app);
  return { out, dockerfile: out.text(`${service}.Dockerfile`), compose: out.yaml('docker-compose.yml') };
}

/** Stage names in FROM order. */
export function stagesOf(text: string): string[] {
  return [...text.matchAll(/^FROM \S+(?: \S+)? AS (\S+)$/gm)].map((m) => m[1]!);
}

/** Lines of the last stage. */
export function finalStage(text: string): string {
  return text.slice(text.lastIndexOf('\nFROM '));
}

/** Errors of a failed synth, one `path: message Fix: fix` string each. */
export function errorsOf(app: App): string[] {
  return Testing.diagnostics(app)
    .filter((d: Diagnostic) => d.level === 'error')
    .map((d) => `${d.path}: ${d.message} Fix: ${d.fix}`);
}

export type { Dockerfile };
