/** Timing of a health check (Compose durations such as `10s`, `1m30s`). */
export interface HealthCheckTiming {
  /** Default: `10s`. */
  readonly interval?: string;
  /** Default: `5s`. */
  readonly timeout?: string;
  /** Default: 5. */
  readonly retries?: number;
  /** Grace period after start during which failures do not count. Default: `30s`. */
  readonly startPeriod?: string;
}

/** Tools a health check can use to probe HTTP, depending on what the image contains. */
export type HttpProbeTool = 'wget' | 'curl' | 'node' | 'python';

/**
 * How Docker decides a container is healthy. Other services wait for it
 * (`depends_on: condition: service_healthy`), and deploys wait for it before declaring success.
 */
export class HealthCheck {
  /** Runs a program (exec form, no shell needed in the image). */
  static command(argv: readonly string[], timing: HealthCheckTiming = {}): HealthCheck {
    return new HealthCheck(['CMD', ...argv], timing);
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
    const url = `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`;
    switch (tool) {
      case 'wget':
        return HealthCheck.command(['wget', '-q', '--spider', url], timing);
      case 'curl':
        return HealthCheck.command(['curl', '-fsS', '-o', '/dev/null', url], timing);
      case 'node':
        return HealthCheck.command(
          ['node', '-e', `fetch(${JSON.stringify(url)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`],
          timing,
        );
      case 'python':
        return HealthCheck.command(
          ['python', '-c', `import sys,urllib.request;sys.exit(0 if urllib.request.urlopen(${JSON.stringify(url)},timeout=4).status<400 else 1)`],
          timing,
        );
    }
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
  ) {}
}
