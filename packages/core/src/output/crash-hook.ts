import type { WriterFs } from './writer-fs.js';

/**
 * TEST HOOK, not a feature: with SLIPWAY_TEST_CRASH_AT=<n> in the environment, the process kills
 * itself with SIGKILL just before the n-th file-system change the writer makes (counting writes,
 * renames, mkdirs and removals). test/cli/crash-recovery.test.ts loops over every point to prove
 * that an interrupted synth leaves a folder the next synth makes entirely old or entirely new.
 */
export function withCrashHook(fs: WriterFs, env: NodeJS.ProcessEnv = process.env): WriterFs {
  const at = Number(env.SLIPWAY_TEST_CRASH_AT);
  if (!Number.isInteger(at) || at < 1) return fs;
  let count = 0;
  const point = () => {
    if (++count === at) process.kill(process.pid, 'SIGKILL');
  };
  return {
    ...fs,
    writeFileSync: (...a) => (point(), fs.writeFileSync(...a)),
    renameSync: (...a) => (point(), fs.renameSync(...a)),
    mkdirSync: (...a) => (point(), fs.mkdirSync(...a)),
    rmSync: (...a) => (point(), fs.rmSync(...a)),
    rmdirSync: (...a) => (point(), fs.rmdirSync(...a)),
  };
}
