import type { CommandForm, CopyOptions, DockerHealthTiming, Instruction, RunOptions, StageModel } from './instructions.js';

/** Options of a stage. */
export interface StageOptions {
  /**
   * `--platform=…` of the FROM line.
   * @default none (the target platform)
   */
  readonly platform?: string;
}

/**
 * One stage of a {@link Dockerfile}, built with typed, chainable instructions.
 *
 * @example
 * df.stage('runtime', 'node:22.14.0-bookworm-slim')
 *   .workdir('/app')
 *   .copy(['/app/dist'], './dist', { from: 'build' })
 *   .user('1000:1000')
 *   .cmd(['node', 'dist/main.js']);
 */
export class Stage {
  private readonly list: Instruction[] = [];

  constructor(
    /** Stage name, used by `COPY --from` and `FROM <stage>`. */
    readonly name: string,
    /** Base image (with a pinned tag) or the name of an earlier stage. */
    readonly from: string,
    private readonly options: StageOptions = {},
  ) {}

  /** A build argument, optionally with a default. Never a secret: use a secret mount on RUN. */
  arg(name: string, defaultValue?: string): this {
    return this.push({ kind: 'ARG', name, default: defaultValue });
  }

  /** Environment variables baked into the image (values may use `$VAR` of earlier ENV/ARG). */
  env(vars: Readonly<Record<string, string>>): this {
    return this.push({ kind: 'ENV', vars: Object.entries(vars) });
  }

  /** Image labels (OCI annotations such as `org.opencontainers.image.source`). */
  label(labels: Readonly<Record<string, string>>): this {
    return this.push({ kind: 'LABEL', labels: Object.entries(labels) });
  }

  /** Working directory; must be absolute. */
  workdir(path: string): this {
    return this.push({ kind: 'WORKDIR', path });
  }

  /** Copies files from the build context, or from another stage with `from`. */
  copy(sources: readonly string[], dest: string, options: CopyOptions = {}): this {
    return this.push({ kind: 'COPY', sources: [...sources], dest, options });
  }

  /** ADD: only for remote URLs or archives to unpack; local files take {@link copy} (rule `add-instead-of-copy`). */
  add(sources: readonly string[], dest: string, options: CopyOptions = {}): this {
    return this.push({ kind: 'ADD', sources: [...sources], dest, options });
  }

  /**
   * A shell-form RUN. Several commands are joined with `&&` over continuation lines, so one
   * failing stops the build. Mounts give BuildKit caches and secrets that never reach a layer.
   */
  run(commands: string | readonly string[], options: RunOptions = {}): this {
    return this.push({ kind: 'RUN', commands: typeof commands === 'string' ? [commands] : [...commands], options });
  }

  /** The shell of later RUNs, e.g. `['/bin/bash', '-o', 'pipefail', '-c']`. */
  shell(argv: readonly string[]): this {
    return this.push({ kind: 'SHELL', argv: [...argv] });
  }

  /** User (numeric `uid:gid` preferred) for later instructions and the container. */
  user(user: string): this {
    return this.push({ kind: 'USER', user });
  }

  /** Documents the ports the image listens on. */
  expose(...ports: number[]): this {
    return this.push({ kind: 'EXPOSE', ports });
  }

  /** Image health check, exec form (`['node', '-e', '…']`) or a shell snippet. */
  healthcheck(test: readonly string[] | string, timing: DockerHealthTiming = {}): this {
    const form: CommandForm = typeof test === 'string' ? { shell: test } : { exec: [...test] };
    return this.push({ kind: 'HEALTHCHECK', test: form, timing });
  }

  /** ENTRYPOINT: an argv (exec form) or a shell string (rule `shell-form-command`). */
  entrypoint(command: readonly string[] | string): this {
    return this.push({ kind: 'ENTRYPOINT', command: form(command) });
  }

  /** CMD: an argv (exec form) or a shell string (rule `shell-form-command`). */
  cmd(command: readonly string[] | string): this {
    return this.push({ kind: 'CMD', command: form(command) });
  }

  /** Signal that stops the container. */
  stopSignal(signal: string): this {
    return this.push({ kind: 'STOPSIGNAL', signal });
  }

  /** A comment line, to explain a step in the generated file. */
  comment(text: string): this {
    return this.push({ kind: 'COMMENT', text });
  }

  /** The instructions so far, as plain data. */
  toModel(): StageModel {
    return { name: this.name, from: this.from, platform: this.options.platform, instructions: [...this.list] };
  }

  private push(i: Instruction): this {
    this.list.push(i);
    return this;
  }
}

function form(command: readonly string[] | string): CommandForm {
  return typeof command === 'string' ? { shell: command } : { exec: [...command] };
}
