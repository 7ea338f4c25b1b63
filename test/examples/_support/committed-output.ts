import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { validate } from 'dockerfile-utils';
import { ROOT } from '../../_support/workspace.js';

/**
 * The committed output folder of an example (what a team copies to its server), read as is:
 * the examples conformance test already proves it equals a fresh synth.
 */
export class CommittedOutput {
  readonly dir: string;

  constructor(example: string, outdir = 'deploy') {
    this.dir = join(ROOT, 'examples', example, outdir);
  }

  /** Every file, relative to the folder, sorted (the manifest included). */
  files(): string[] {
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [relative(this.dir, join(d, e.name))]));
    return walk(this.dir).sort();
  }

  text(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** `docker-compose.yml`, parsed. */
  compose(): ComposeDocument {
    return parse(this.text('docker-compose.yml')) as ComposeDocument;
  }

  /** Generated Dockerfiles (`*.Dockerfile`). */
  dockerfiles(): string[] {
    return this.files().filter((f) => f.endsWith('.Dockerfile'));
  }

  /** Shell scripts: executable files and `*.sh`. */
  scripts(): string[] {
    return this.files().filter((f) => f.endsWith('.sh') || (statSync(join(this.dir, f)).mode & 0o111) !== 0);
  }

  /** Problems dockerfile-utils finds in a generated Dockerfile (none for a clean file). */
  lintDockerfile(path: string): string[] {
    return validate(this.text(path)).map((d) => `${path}:${d.range.start.line + 1}: ${d.message}`);
  }

  /** shellcheck's findings on a generated script (empty when clean). */
  shellcheck(path: string): string {
    const r = spawnSync('shellcheck', ['--format=gcc', join(this.dir, path)], { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 ? '' : r.stdout + r.stderr;
  }
}

/** The parts of a Compose document the example tests read. */
export interface ComposeDocument {
  services: Record<string, ComposeServiceDoc>;
  networks?: Record<string, { internal?: boolean; external?: boolean }>;
  volumes?: Record<string, unknown>;
}

export interface ComposeServiceDoc {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  ports?: string[];
  expose?: string[];
  networks?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  labels?: Record<string, string>;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  healthcheck?: { test: string[] };
}
