import type { IConstruct } from 'constructs';
import type { SynthResult } from './synthesizer.js';

/**
 * The bridge between the `synth` CLI and the Apps an `infra.ts` creates. The CLI opens a session
 * before running the program; `App.synth()` then hands its result to the CLI instead of writing.
 *
 * It lives on `globalThis` so that it survives the program's modules being loaded afresh
 * (`--watch`) or twice (a copy of this package under the user's node_modules).
 */
export interface SynthSession {
  /** Output folder given with `--out`, absolute. */
  readonly out?: string;
  /** Folder of the program; relative App paths resolve against it. */
  readonly baseDir: string;
  /** File name of the program, shown in generated headers. */
  readonly source: string;
  readonly strict: boolean;
  /** Deployment target chosen with `--target`, if any. */
  readonly target?: string;
  /** Apps created by the program, in order. */
  readonly apps: IConstruct[];
  /** Called by `App.synth()`. */
  record(app: IConstruct, result: SynthResult, outdir: string): void;
}

const KEY = Symbol.for('@slipway/core.session');

export function activeSession(): SynthSession | undefined {
  return (globalThis as Record<symbol, SynthSession | undefined>)[KEY];
}

export function setSession(session: SynthSession | undefined): void {
  (globalThis as Record<symbol, SynthSession | undefined>)[KEY] = session;
}
