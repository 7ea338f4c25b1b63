// Runs one command as a whole process tree and measures it from outside, without loading the
// machine: the harness only waits for the exit (no polling). Wall time is taken around the spawn;
// peak RSS and CPU time come from the kernel through GNU time (`/usr/bin/time`, Debian package
// `time`, installed by scripts/ensure-tools.sh):
//  - %M is the peak resident set of the largest single process of the tree (getrusage of the
//    waited-for children), not a sum: for `cdk8s synth`, whose CLI stays alive while the app runs
//    in a child process, it understates cdk8s; for Slipway it leaves out esbuild's small service.
//  - %U + %S is user + system time of every process the command waited for.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** True when GNU time is installed. */
export const hasGnuTime = () => existsSync(GNU_TIME);

/**
 * Runs `argv` in `cwd`; resolves to `{ wallS, rssKiB, cpuS, code, timedOut, stdout, stderr }`.
 * `timeoutS` bounds the run: the tree is killed and the result has `timedOut: true`.
 */
export function measure(argv, { cwd, env = process.env, timeoutS = 300 } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
  const timeFile = join(scratch, 'time.txt');
  const command = [GNU_TIME, '-f', '%e %M %U %S', '-o', timeFile, ...argv];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL'); // our own process group (detached: true)
      } catch {
        // already gone
      }
    }, timeoutS * 1000);
    child.on('error', (error) => {
      clearTimeout(killer);
      rmSync(scratch, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      clearTimeout(killer);
      // Last line: "%e %M %U %S" (an earlier line, if any, reports a non-zero exit status).
      const fields = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
      rmSync(scratch, { recursive: true, force: true });
      resolve({
        wallS,
        rssKiB: fields[1],
        cpuS: fields.length === 4 ? fields[2] + fields[3] : undefined,
        code: timedOut ? null : code,
        timedOut,
        stdout,
        stderr,
      });
    });
  });
}
