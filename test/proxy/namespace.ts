import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private network + mount namespace for real-server tests: only a loopback interface, and an
 * /etc/hosts of our own. Servers bind 80/443 there without touching the machine's ports.
 */
export class TestNamespace {
  static available(): boolean {
    const r = spawnSync('unshare', ['-m', '-n', 'true']);
    return r.status === 0;
  }

  private readonly holder: ChildProcess;
  private readonly background: ChildProcess[] = [];

  private constructor(holder: ChildProcess) {
    this.holder = holder;
  }

  /** Starts the namespace with `hosts` (name → loopback address) in its /etc/hosts. */
  static async start(hosts: Record<string, string>): Promise<TestNamespace> {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-ns-'));
    const hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, ['127.0.0.1 localhost', ...Object.entries(hosts).map(([n, ip]) => `${ip} ${n}`)].join('\n') + '\n');
    const holder = spawn('unshare', ['-m', '-n', '--propagation', 'private', 'sh', '-c', `ip link set lo up && mount --bind ${hostsFile} /etc/hosts && echo ready && exec sleep 600`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('namespace did not start in 10s')), 10_000);
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && (clearTimeout(timer), resolve()));
      holder.on('exit', (code) => reject(new Error(`unshare exited with ${code}`)));
    });
    return new TestNamespace(holder);
  }

  private prefix(): string[] {
    return ['-t', String(this.holder.pid), '-n', '-m'];
  }

  /** Runs a command inside the namespace and waits for it (bounded by `timeoutMs`). */
  run(cmd: string, args: readonly string[], options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
    return spawnSync('nsenter', [...this.prefix(), cmd, ...args], { encoding: 'utf8', input: options.input, timeout: options.timeoutMs ?? 30_000, env: options.env ?? process.env });
  }

  /** Starts a long-running process inside the namespace; resolves once it prints `readyText`. */
  async spawn(cmd: string, args: readonly string[], readyText: string): Promise<ChildProcess> {
    const child = spawn('nsenter', [...this.prefix(), cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.background.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${cmd} not ready in 10s: ${output}`)), 10_000);
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes(readyText)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${cmd} exited with ${code}: ${output}`));
      });
    });
    child.removeAllListeners('exit');
    return child;
  }

  /** Stops every process started here, then the namespace. */
  stop(): void {
    for (const c of this.background) if (c.exitCode === null) c.kill('SIGTERM');
    if (this.holder.exitCode === null) this.holder.kill('SIGTERM');
  }
}

/** One HTTP exchange made with curl inside the namespace. */
export interface CurlResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** `curl` inside the namespace; `--resolve` pins host names to 127.0.0.1, `-k` accepts the test certificate. */
export function curl(ns: TestNamespace, url: string, extra: readonly string[] = []): CurlResult {
  const host = new URL(url).hostname;
  const port = new URL(url).port || (url.startsWith('https') ? '443' : '80');
  const r = ns.run('curl', ['-sS', '-k', '-D', '-', '--max-time', '10', '--resolve', `${host}:${port}:127.0.0.1`, ...extra, url]);
  if (r.status !== 0) throw new Error(`curl ${url} failed: ${r.stderr}`);
  const [head = '', ...rest] = r.stdout.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const status = Number(lines[0]!.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers, body: rest.join('\r\n\r\n') };
}
