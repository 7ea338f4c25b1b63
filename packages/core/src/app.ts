import { Construct, type IConstruct } from 'constructs';
import { dirname, resolve } from 'node:path';
import { Annotations } from './annotations.js';
import { formatDiagnostic } from './diagnostic.js';
import { SynthError } from './errors.js';
import { writeOutput } from './output/writer.js';
import { activeSession } from './session.js';
import { synthesize, type CrossFileCheck, type SynthResult } from './synthesizer.js';

/** Properties of an {@link App}. */
export interface AppProps {
  /**
   * Name of the deployment, used as the prefix of construct paths in messages (and, for Compose,
   * as the project name). Lowercase letters, digits, `-` and `_`.
   * @default `app`
   */
  readonly name?: string;
  /**
   * Output folder, relative to the program's folder. When the CLI is also given `--out`, both
   * must name the same folder.
   * @default `deploy`
   */
  readonly outdir?: string;
  /**
   * Treat unacknowledged warnings as errors.
   * @default false (the CLI's `--strict` sets it)
   */
  readonly strict?: boolean;
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const APP_SYMBOL = Symbol.for('@slipway/core.App');

/**
 * The root of a construct tree. `app.synth()` runs aspects, validation, rendering and document
 * checks, then writes the output folder atomically (or hands the result to the `synth` CLI).
 */
export class App extends Construct {
  /** True for any App, even from another copy of this package. */
  static isApp(x: unknown): x is App {
    return typeof x === 'object' && x !== null && APP_SYMBOL in x;
  }

  /** The App at the root of a construct's tree. */
  static of(scope: IConstruct): App {
    const root = scope.node.root;
    if (!App.isApp(root)) throw new Error(`${scope.node.path} is not inside a Slipway App.`);
    return root;
  }

  readonly name: string;
  readonly strict: boolean;
  /** Output folder as given in the props (unresolved). */
  readonly outdirOption?: string;
  private readonly checks: CrossFileCheck[] = [];

  constructor(props: AppProps = {}) {
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, APP_SYMBOL, { value: true });
    this.name = props.name ?? 'app';
    this.strict = props.strict ?? false;
    this.outdirOption = props.outdir;
    if (!NAME.test(this.name)) {
      Annotations.of(this).addError(
        `App name "${this.name}" is not a valid project name.`,
        'use lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. "my-shop").',
      );
    }
    activeSession()?.apps.push(this);
  }

  /**
   * Adds a check run on all rendered files together, before anything is written (a file that
   * must agree with another). Its problems are errors of the App: nothing is written.
   */
  addCrossFileCheck(check: CrossFileCheck): void {
    this.checks.push(check);
  }

  /** The checks added with {@link addCrossFileCheck}, in order. */
  get crossFileChecks(): readonly CrossFileCheck[] {
    return this.checks;
  }

  /** The absolute output folder this App writes to. */
  get outdir(): string {
    const session = activeSession();
    const base = session?.baseDir ?? (process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd());
    return resolve(base, this.outdirOption ?? 'deploy');
  }

  /** Deployment target chosen on the command line (`synth --target`), if any. */
  get cliTarget(): string | undefined {
    return activeSession()?.target;
  }

  /**
   * Synthesizes the App. Under the `synth` CLI the result goes to the CLI, which writes, checks
   * or diffs it. Run directly, this writes the output folder and throws {@link SynthError} when
   * there are errors.
   */
  synth(): SynthResult {
    const session = activeSession();
    const result = synthesize(this, {
      strict: session?.strict || this.strict,
      source: session?.source ?? 'infra.ts',
      displayRoot: this.name,
      crossFileChecks: this.crossFileChecks,
    });
    Object.defineProperty(this, SYNTHESIZED, { value: true, configurable: true });
    if (session) {
      session.record(this, result, this.outdir);
      return result;
    }
    if (result.failed) throw new SynthError(result.diagnostics);
    for (const d of result.diagnostics) console.warn(formatDiagnostic(d));
    writeOutput(this.outdir, result.files);
    return result;
  }

  /** True once `synth()` ran. */
  get synthesized(): boolean {
    return SYNTHESIZED in this;
  }
}

const SYNTHESIZED = Symbol('synthesized');
