/**
 * Typed Dockerfile instructions: plain data that {@link renderDockerfile} turns into text and the
 * rule checks read. Nothing here knows about constructs.
 */

/** A BuildKit `RUN --mount`: a cache kept between builds, a build secret, or a bind from a stage. */
export type RunMount =
  | {
      readonly type: 'cache';
      /** Path inside the build container, e.g. `/root/.npm`. */
      readonly target: string;
      /**
       * Cache id, to share one cache between stages.
       * @default the target
       */
      readonly id?: string;
      /** `shared` (default), `private` or `locked`. */
      readonly sharing?: 'shared' | 'private' | 'locked';
    }
  | {
      readonly type: 'secret';
      /** Id given to `docker build --secret id=…` (or the Compose `secrets:` of the build). */
      readonly id: string;
      /** Expose it as this environment variable instead of a file under /run/secrets. */
      readonly env?: string;
      /**
       * Fail the build when the secret is not given.
       * @default false
       */
      readonly required?: boolean;
    }
  | {
      readonly type: 'bind';
      readonly source?: string;
      readonly target: string;
      /**
       * Stage or image to bind from.
       * @default the build context
       */
      readonly from?: string;
    };

/** Options of a COPY. */
export interface CopyOptions {
  /** Stage name (or image) to copy from instead of the build context. */
  readonly from?: string;
  /**
   * Owner of the copied files, e.g. `10001:10001`.
   * @default root (the app cannot modify its code)
   */
  readonly chown?: string;
  /** Mode of the copied files, e.g. `0444`. */
  readonly chmod?: string;
  /**
   * Copy into an independent layer (`--link`), so it survives base-image changes.
   * @default false
   */
  readonly link?: boolean;
}

/** Options of a RUN. */
export interface RunOptions {
  readonly mounts?: readonly RunMount[];
  /**
   * `none` forbids network access to the step.
   * @default Docker's
   */
  readonly network?: 'default' | 'none' | 'host';
}

/** Timing of a HEALTHCHECK, Docker durations (`10s`, `1m`). */
export interface DockerHealthTiming {
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly retries?: number;
}

/** One instruction of a stage. */
export type Instruction =
  | { readonly kind: 'ARG'; readonly name: string; readonly default?: string }
  | { readonly kind: 'ENV'; readonly vars: ReadonlyArray<readonly [string, string]> }
  | { readonly kind: 'LABEL'; readonly labels: ReadonlyArray<readonly [string, string]> }
  | { readonly kind: 'WORKDIR'; readonly path: string }
  | { readonly kind: 'COPY'; readonly sources: readonly string[]; readonly dest: string; readonly options: CopyOptions }
  | { readonly kind: 'ADD'; readonly sources: readonly string[]; readonly dest: string; readonly options: CopyOptions }
  | { readonly kind: 'RUN'; readonly commands: readonly string[]; readonly options: RunOptions }
  | { readonly kind: 'SHELL'; readonly argv: readonly string[] }
  | { readonly kind: 'USER'; readonly user: string }
  | { readonly kind: 'EXPOSE'; readonly ports: readonly number[] }
  | { readonly kind: 'HEALTHCHECK'; readonly test: HealthTest | 'NONE'; readonly timing: DockerHealthTiming }
  | { readonly kind: 'ENTRYPOINT' | 'CMD'; readonly command: CommandForm }
  | { readonly kind: 'STOPSIGNAL'; readonly signal: string }
  | { readonly kind: 'COMMENT'; readonly text: string };

/** Exec form (`["node", "main.js"]`, no shell, signals reach the process) or shell form. */
export type CommandForm = { readonly exec: readonly string[] } | { readonly shell: string };

/** What a HEALTHCHECK runs: exec form, or a shell snippet. */
export type HealthTest = CommandForm;

/** One `FROM … AS name` section. */
export interface StageModel {
  /** Stage name (`AS name`), unique in the file. */
  readonly name: string;
  /** Base image (pinned) or an earlier stage's name. */
  readonly from: string;
  /** `--platform=…`, e.g. `$BUILDPLATFORM` for cross-compiling build stages. */
  readonly platform?: string;
  readonly instructions: readonly Instruction[];
}

/** A whole Dockerfile: global ARGs (before the first FROM) and stages, last one is the image. */
export interface DockerfileModel {
  /** Shown in messages. */
  readonly path: string;
  readonly globalArgs: ReadonlyArray<{ readonly name: string; readonly default?: string }>;
  readonly stages: readonly StageModel[];
  /**
   * Named build contexts besides the main one (`COPY --from=<name>`), e.g. the output folder.
   * @default none
   */
  readonly contexts?: readonly string[];
}
