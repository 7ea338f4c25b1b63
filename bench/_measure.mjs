// Runs one command as a whole process tree and measures it: wall time, peak RSS of the tree
// (sum over the live processes, sampled from /proc) and peak RSS of the largest single process
// (exact, from the kernel via GNU time's %M when /usr/bin/time exists).
// The tree sum matters for cdk8s, whose CLI stays alive while its app runs in a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const PAGE_KB = 4; // x86-64 / arm64 Linux page size in KiB; statm counts pages
const SAMPLE_MS = 5;

/** True when GNU time is installed (Debian package `time`). */
export const hasGnuTime = existsSync(GNU_TIME);

/** Parent pid of every live process, from /proc/<pid>/stat. */
function processTable() {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue; // not a pid
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(after[1]));
    } catch {
      // the process ended between readdir and read
    }
  }
  return parents;
}

/** Summed resident set (KiB) of `root` and all its descendants, and how many processes. */
function treeRss(root) {
  const parents = processTable();
  const children = new Map();
  for (const [pid, ppid] of parents) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let kib = 0;
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    try {
      kib += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_KB;
      count++;
    } catch {
      // exited
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { kib, count };
}

/**
 * Runs `argv` in `cwd` and resolves to
 * `{ wallS, treePeakKiB, maxProcessKiB, maxProcesses, cpuS, code, stdout, stderr }`
 * (`cpuS`, user + system time of the whole tree, needs GNU time).
 * `timeoutS` bounds the run: the tree is killed and the result has `timedOut: true`.
 */
export function measure(argv, { cwd, env = process.env, timeoutS = 300 } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
  const timeFile = join(scratch, 'time.txt');
  const command = hasGnuTime ? [GNU_TIME, '-f', '%e %M %U %S', '-o', timeFile, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let treePeakKiB = 0;
    let maxProcesses = 0;
    const sample = () => {
      const { kib, count } = treeRss(child.pid);
      if (kib > treePeakKiB) treePeakKiB = kib;
      if (count > maxProcesses) maxProcesses = count;
    };
    const timer = setInterval(sample, SAMPLE_MS);
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
      clearInterval(timer);
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(timer);
      clearTimeout(killer);
      let maxProcessKiB;
      let cpuS;
      if (hasGnuTime && existsSync(timeFile)) {
        // Last line: "%e %M %U %S" (earlier lines, if any, report a non-zero exit status).
        // User + system time cover every descendant the command waited for.
        const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        maxProcessKiB = fields[1];
        cpuS = fields[2] + fields[3];
      }
      rmSync(scratch, { recursive: true, force: true });
      resolve({
        wallS,
        // The sampled sum can miss a short final peak; the largest single process is a floor.
        treePeakKiB: Math.max(treePeakKiB, maxProcessKiB ?? 0),
        maxProcessKiB: maxProcessKiB ?? treePeakKiB,
        maxProcesses,
        cpuS,
        code: timedOut ? null : code,
        timedOut,
        stdout,
        stderr,
      });
    });
  });
}
