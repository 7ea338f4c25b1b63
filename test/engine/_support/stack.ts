import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SYNTH_BIN } from '../../_support/workspace.js';
import { must, run, sh, type RunOptions, type RunResult } from './engine.js';

const WORK = join(ROOT, 'test/.work/engine');

/**
 * One example stack, copied out of examples/ (sources and infra.ts) into test/.work so it can be
 * edited and deployed without touching the committed files, synthesized by the built CLI, with
 * its secrets initialised as on a fresh server.
 */
export class EngineStack {
  /** The project folder (infra.ts and the app sources). */
  readonly root: string;
  /** The synthesized deployment folder. */
  readonly dir: string;

  constructor(
    readonly example: string,
    /** Output folder, relative to the project. @default 'deploy' */
    outDir = 'deploy',
    /** Folder name under test/.work/engine, when two tests use one example. @default example */
    workName = example,
  ) {
    this.root = join(WORK, workName);
    this.dir = join(this.root, outDir);
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    // An example by name, or a fixture folder given relative to the repository root.
    const source = example.includes('/') ? join(ROOT, example) : join(ROOT, 'examples', example);
    cpSync(source, this.root, {
      recursive: true,
      filter: (src) => !/\/(node_modules|\.releases|backups)$/.test(src) && !src.endsWith('/.env'),
    });
  }

  /** Rewrites infra.ts (e.g. a new image tag for the next release), then synthesizes again. */
  edit(change: (infra: string) => string): this {
    const file = join(this.root, 'infra.ts');
    const before = readFileSync(file, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`${this.example}: the edit of infra.ts changed nothing`);
    writeFileSync(file, after);
    return this.synth();
  }

  synth(): this {
    must(`node ${JSON.stringify(SYNTH_BIN)} --quiet`, { cwd: this.root, timeoutMs: 60_000 });
    return this;
  }

  initSecrets(): this {
    must('NONINTERACTIVE=1 ./init-secrets.sh', { cwd: this.dir, timeoutMs: 60_000 });
    return this;
  }

  /** Runs the generated deploy.sh (bounded); returns its result whatever the exit code. */
  deploy(args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): RunResult {
    return run('./deploy.sh', args, { cwd: this.dir, env: { HEALTH_TIMEOUT: '150', HEALTH_POLL: '1', ...env }, timeoutMs: 420_000 });
  }

  compose(args: string, o: RunOptions = {}): string {
    return must(`docker compose ${args}`, { cwd: this.dir, ...o });
  }

  /** The container id of a service (the first replica). */
  cid(service: string): string {
    const id = this.compose(`ps -q ${service}`).trim().split('\n')[0];
    if (!id) throw new Error(`${this.example}: no container for ${service}`);
    return id;
  }

  inspect(service: string, format: string): string {
    return must(`docker inspect -f '${format}' ${this.cid(service)}`).trim();
  }

  health(service: string): string {
    return this.inspect(service, '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}');
  }

  /** Runs a command in a service's container. */
  exec(service: string, script: string, o: RunOptions = {}): RunResult {
    return run('docker', ['exec', this.cid(service), 'sh', '-c', script], { timeoutMs: 60_000, ...o });
  }

  /** Every service of the compose file, with its state (health status, or the plain state). */
  states(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of this.compose("ps -a --format '{{.Service}} {{.State}} {{.Health}}'").trim().split('\n').filter(Boolean)) {
      const [service, state, health] = line.split(' ');
      out[service!] = health || state!;
    }
    return out;
  }

  /**
   * Every service is healthy, running (no health check), or — for the one-shot jobs deploy.sh
   * lists in ONE_SHOT — exited with status 0. Returns the services that are not.
   */
  unhealthy(): string[] {
    const oneShot = /^ONE_SHOT=\(([^)]*)\)/m.exec(readFileSync(join(this.dir, 'deploy.sh'), 'utf8'))?.[1]?.split(/\s+/).filter(Boolean) ?? [];
    return Object.entries(this.states())
      .filter(([service, state]) => !(state === 'healthy' || state === 'running' ||
        (state === 'exited' && oneShot.includes(service) && this.compose(`ps -a --format '{{.ExitCode}}' ${service}`).trim() === '0')))
      .map(([service, state]) => `${service} is ${state}`);
  }

  /** Removes the stack's containers, volumes and release images (bounded; never throws). */
  destroy(): void {
    sh('docker compose down -v --remove-orphans --timeout 5', { cwd: this.dir, timeoutMs: 180_000 });
    sh(`docker image ls --format '{{.Repository}}:{{.Tag}}' | grep ':release-' | xargs -r docker image rm -f`, { timeoutMs: 60_000 });
  }
}
