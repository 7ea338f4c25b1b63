/** Timing of a health check (Compose durations such as `10s`, `1m30s`). */
export interface HealthCheckTiming {
  /** @default '10s' */
  readonly interval?: string;
  /** @default '5s' */
  readonly timeout?: string;
  /** @default 5 */
  readonly retries?: number;
  /**
   * Grace period after start during which failures do not count.
   * @default '30s'
   */
  readonly startPeriod?: string;
}

/** Timing of a health check that leaves it unset: the defaults documented on {@link HealthCheckTiming}. */
export const HEALTH_CHECK_DEFAULTS: Required<HealthCheckTiming> = { interval: '10s', timeout: '5s', retries: 5, startPeriod: '30s' };

/** Tools a health check can use to probe HTTP, depending on what the image contains. */
export type HttpProbeTool = 'wget' | 'curl' | 'node' | 'python';

const HEALTH_CHECK_SYMBOL = Symbol.for('@slipway/constructs.HealthCheck');

/**
 * How Docker decides a container is healthy. Other services wait for it
 * (`depends_on: condition: service_healthy`), and deploys wait for it before declaring success.
 */
export class HealthCheck {
  readonly [HEALTH_CHECK_SYMBOL] = true;

  /** Runs a program (exec form, no shell needed in the image). */
  static command(argv: readonly string[], timing: HealthCheckTiming = {}): HealthCheck {
    // A string here is a mistake (it needs HealthCheck.shell): kept as given, reported by the checks.
    return new HealthCheck(['CMD', ...(Array.isArray(argv) ? argv : [argv as unknown as string])], timing);
  }

  /** Runs a shell snippet (the image needs `/bin/sh`). */
  static shell(script: string, timing: HealthCheckTiming = {}): HealthCheck {
    return new HealthCheck(['CMD-SHELL', script], timing);
  }

  /**
   * Probes `http://127.0.0.1:<port><path>` from inside the container with a tool the image has:
   * `wget` (busybox, alpine), `curl`, `node` or `python` (for slim images without either).
   */
  static http(port: number, path: string, tool: HttpProbeTool = 'wget', timing: HealthCheckTiming = {}): HealthCheck {
    const url = `http://127.0.0.1:${port}${String(path).startsWith('/') ? path : `/${path}`}`;
    const argv = (): string[] => {
      switch (tool) {
        case 'wget':
          return ['wget', '-q', '--spider', url];
        case 'curl':
          return ['curl', '-fsS', '-o', '/dev/null', url];
        case 'node':
          return ['node', '-e', `fetch(${JSON.stringify(url)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`];
        case 'python':
          return ['python', '-c', `import sys,urllib.request;sys.exit(0 if urllib.request.urlopen(${JSON.stringify(url)},timeout=4).status<400 else 1)`];
        default:
          return ['wget', '-q', '--spider', url];
      }
    };
    return new HealthCheck(['CMD', ...argv()], timing, undefined, { port, path: String(path), tool });
  }

  /** No health check, on purpose (say why in `reason`). Dependents then only wait for the start. */
  static none(reason: string): HealthCheck {
    return new HealthCheck(undefined, {}, reason);
  }

  private constructor(
    /** Compose `test`, or undefined for {@link HealthCheck.none}. */
    readonly test: readonly string[] | undefined,
    readonly timing: HealthCheckTiming,
    /** Why there is no health check. */
    readonly disabledBecause?: string,
    /** What {@link HealthCheck.http} was given, kept for validation. */
    readonly probe?: { readonly port: unknown; readonly path: string; readonly tool: unknown },
  ) {}

  /** The timing with every default filled in (Compose, the image's HEALTHCHECK and Swarm agree). */
  get resolvedTiming(): Required<HealthCheckTiming> {
    return { ...HEALTH_CHECK_DEFAULTS, ...Object.fromEntries(Object.entries(this.timing).filter(([, v]) => v !== undefined)) };
  }

  /** True for a HealthCheck, even from another copy of this package. */
  static isHealthCheck(x: unknown): x is HealthCheck {
    return typeof x === 'object' && x !== null && HEALTH_CHECK_SYMBOL in x;
  }
}
