import { activeSession, App as CoreApp, TextFile, Validation, type IFileProducer, type OutputFile, type ValidationProblem } from '@slipway/core';
import { Construct } from 'constructs';
import { isAbsolute, relative } from 'node:path';
import { Service, type BuildOptions, type IGeneratedDockerfile } from '../service.js';
import { checkDockerfile } from './dockerfile-rules.js';
import { DEFAULT_DOCKERIGNORE, renderDockerignore } from './dockerignore.js';
import type { DockerfileModel } from './instructions.js';
import { fromProgram } from './program-paths.js';
import { FRONTEND_IMAGE, renderDockerfile } from './render-dockerfile.js';
import { Stage, type StageOptions } from './stage.js';

/** Properties of a {@link Dockerfile}. */
export interface DockerfileProps {
  /**
   * Build context: the source folder, relative to the folder of `infra.ts`.
   * @default `.`
   */
  readonly context?: string;
  /**
   * File name in the output folder.
   * BuildKit reads `<file>.dockerignore` beside it.
   * @default `<service>.Dockerfile`, after the Service it belongs to (or the construct id)
   */
  readonly fileName?: string;
  /**
   * More `.dockerignore` patterns, after the defaults (`!pattern` re-includes).
   * @default none
   */
  readonly ignore?: readonly string[];
  /**
   * Start from an empty ignore list instead of {@link DEFAULT_DOCKERIGNORE}.
   * @default false
   */
  readonly replaceDefaultIgnore?: boolean;
  /**
   * BuildKit frontend named in the `# syntax=` line; `false` writes none (offline builders).
   * @default the App's `dockerfileSyntax` (`docker/dockerfile:1`)
   */
  readonly syntax?: string | false;
}

/**
 * Name of the additional build context that holds the output folder, used when a Dockerfile copies
 * a generated file (an nginx.conf…) and the output folder is outside its build context.
 */
export const OUTPUT_CONTEXT = 'slipway-output';

/** Where a COPY finds a generated file: a path, in the main context or in the named context `from`. */
export interface OutputFileSource {
  /** Path to COPY. */
  readonly path: string;
  /**
   * Named build context to copy from (`COPY --from=…`).
   * @default undefined: the main build context
   */
  readonly from?: string;
}

const DOCKERFILE_SYMBOL = Symbol.for('@slipway/constructs.Dockerfile');

/**
 * A Dockerfile written into the output folder, built from typed stages, with a `.dockerignore`
 * beside it. Rules (pinned bases, non-root user, exec form, no secrets in ARG/ENV…) are checked at
 * synth time. Give it to a Service with {@link Dockerfile.toBuildOptions}.
 *
 * @example
 * const df = new Dockerfile(app, 'api-image', { context: '.' });
 * df.stage('runtime', 'node:22.14.0-bookworm-slim')
 *   .workdir('/app').copy(['.'], '.').user('1000:1000').cmd(['node', 'main.js']);
 * new Service(app, 'api', { build: df.toBuildOptions(), port: 3000 });
 */
export class Dockerfile extends Construct implements IFileProducer, IGeneratedDockerfile {
  static isDockerfile(x: unknown): x is Dockerfile {
    return typeof x === 'object' && x !== null && DOCKERFILE_SYMBOL in x;
  }

  /** Build context as given (relative to the folder of `infra.ts`). */
  readonly context: string;
  private readonly stageList: Stage[] = [];
  private readonly globals: Array<{ name: string; default?: string }> = [];
  private readonly ignoreExtra: string[];
  private readonly includedOutputs: string[] = [];
  private usesOutputContext = false;

  constructor(scope: Construct, id: string, private readonly props: DockerfileProps = {}) {
    super(scope, id);
    this.props ??= {}; // null from a JavaScript caller means no props
    Object.defineProperty(this, DOCKERFILE_SYMBOL, { value: true });
    this.context = this.props.context ?? '.';
    this.ignoreExtra = [...(this.props.ignore ?? [])];
    Validation.add(this, () => this.check());
  }

  /** Path of the Dockerfile in the output folder, e.g. `api.Dockerfile`. */
  get outputPath(): string {
    return this.props.fileName ?? `${Service.owning(this)?.name ?? this.node.id}.Dockerfile`;
  }

  /** Path of the ignore file BuildKit reads for this Dockerfile. */
  get ignorePath(): string {
    return `${this.outputPath}.dockerignore`;
  }

  /** Adds a stage; the last stage added is the image. */
  stage(name: string, from: string, options: StageOptions = {}): Stage {
    const s = new Stage(name, from, options);
    this.stageList.push(s);
    return s;
  }

  /** The stage named `name`, if any. */
  findStage(name: string): Stage | undefined {
    return this.stageList.find((s) => s.name === name);
  }

  /** An ARG before the first FROM (usable in FROM lines, e.g. a version). */
  globalArg(name: string, defaultValue?: string): this {
    this.globals.push({ name, default: defaultValue });
    return this;
  }

  /** Adds `.dockerignore` patterns. */
  addIgnore(...patterns: string[]): this {
    this.ignoreExtra.push(...patterns);
    return this;
  }

  /**
   * Makes a file Slipway generates into the output folder (an nginx.conf…) part of the build
   * context, and returns its path relative to the context for a COPY. The output folder must be
   * inside the context.
   */
  includeOutputFile(outputPath: string): string {
    this.includedOutputs.push(outputPath);
    const dir = this.outdirInContext ?? '.';
    return dir === '.' ? outputPath : `${dir}/${outputPath}`;
  }

  /**
   * Makes a file Slipway generates into the output folder available to a COPY, wherever the
   * output folder is: inside the build context, it is re-included in `.dockerignore`; outside it
   * (`source: './frontend'` with `deploy/` beside it), the output folder becomes the named build
   * context {@link OUTPUT_CONTEXT}, which Compose passes as `build.additional_contexts` (Compose v2
   * with BuildKit). Pass the result to `stage.copy([src.path], dest, { from: src.from })`.
   */
  outputFileSource(outputPath: string): OutputFileSource {
    if (this.outdirInContext !== undefined) return { path: this.includeOutputFile(outputPath) };
    this.usesOutputContext = true;
    return { path: outputPath, from: OUTPUT_CONTEXT };
  }

  /** {@link OUTPUT_CONTEXT} when a COPY reads from the output folder as a named context. */
  get outputContext(): string | undefined {
    return this.usesOutputContext ? OUTPUT_CONTEXT : undefined;
  }

  /** The output folder relative to the context (`deploy`), or undefined when it is outside it. */
  get outdirInContext(): string | undefined {
    const rel = relative(fromProgram(this.context), this.outdir());
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel === '' ? '.' : rel.split('\\').join('/');
  }

  /** Build options for a Service: this context and this generated Dockerfile. */
  toBuildOptions(options: { args?: Readonly<Record<string, string>>; target?: string } = {}): BuildOptions {
    return { context: this.context, dockerfile: this, args: options.args, target: options.target };
  }

  /** The whole file as plain data. */
  toModel(): DockerfileModel {
    return {
      path: this.outputPath,
      globalArgs: [...this.globals],
      stages: this.stageList.map((s) => s.toModel()),
      ...(this.usesOutputContext ? { contexts: [OUTPUT_CONTEXT] } : {}),
    };
  }

  produceFiles(): OutputFile[] {
    const model = this.toModel();
    const syntax = this.syntax();
    const dockerfile = new TextFile(this.outputPath, () => renderDockerfile(model), { preamble: syntax ? [`# syntax=${syntax}`] : [], owner: this });
    const ignore = new TextFile(this.ignorePath, () => renderDockerignore({ patterns: this.ignorePatterns() }), { owner: this });
    return [dockerfile, ignore];
  }

  /** The frontend of this file: its own prop, else the App's, else none. */
  syntax(): string | false {
    if (this.props.syntax !== undefined) return this.props.syntax;
    return (CoreApp.of(this) as Partial<{ dockerfileSyntax: string | false }>).dockerfileSyntax ?? false;
  }

  /** Defaults, then the output folder (never needed in the image), then extras. */
  ignorePatterns(): string[] {
    const outdir = this.outdirInContext;
    return [
      ...(this.props.replaceDefaultIgnore ? [] : DEFAULT_DOCKERIGNORE),
      ...(outdir && outdir !== '.' ? [outdir] : []),
      ...this.ignoreExtra,
      ...(outdir ? this.includedOutputs.map((p) => `!${outdir === '.' ? p : `${outdir}/${p}`}`) : []),
    ];
  }

  private outdir(): string {
    return activeSession()?.out ?? CoreApp.of(this).outdir;
  }

  private check(): ValidationProblem[] {
    const out = checkDockerfile(this.toModel());
    if (this.includedOutputs.length && this.outdirInContext === undefined) {
      out.push({
        message: `the image copies ${this.includedOutputs.join(', ')} from the output folder, which is outside the build context "${this.context}".`,
        fix: 'use dockerfile.outputFileSource() instead of includeOutputFile(): it reads the file through a named build context wherever the output folder is.',
      });
    }
    const syntax = this.syntax();
    if (syntax === false && this.usesOutputContext) {
      // Seen on a real engine: dockerd 20.10's built-in frontend refuses named contexts.
      out.push({
        warning: 'named-context-builtin-frontend',
        message: `the image reads files of the output folder through the named build context "${OUTPUT_CONTEXT}", and without a syntax line the builder's own Dockerfile frontend must support named contexts (BuildKit 0.10, Docker Engine 23 or later).`,
        fix: "keep a syntax line (the default 'docker/dockerfile:1'), build with Docker Engine 23 or later, or put the output folder inside the source folder; then acknowledge 'named-context-builtin-frontend'.",
      });
    }
    if (syntax !== false && (typeof syntax !== 'string' || !FRONTEND_IMAGE.test(syntax))) {
      out.push({
        message: `the Dockerfile syntax ${JSON.stringify(syntax)} is not a frontend image reference.`,
        fix: "set syntax (or the App's dockerfileSyntax) to an image such as 'docker/dockerfile:1', or false for the builder's built-in frontend.",
      });
    }
    return out;
  }
}
