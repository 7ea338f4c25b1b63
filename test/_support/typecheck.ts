import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace.js';

/**
 * Runs `tsc --noEmit` once over programs written by `synth init` / `synth import`, as a user's
 * editor would see them (strict, NodeNext). Returns tsc's output; empty when they type-check.
 */
export function typecheck(files: readonly string[]): string {
  const dir = mkdtempSync(join(ROOT, 'test/.work/tsc-'));
  try {
    const config = {
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      files,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8', timeout: 120_000 });
    return `${r.stdout}${r.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dclint's errors (not warnings) on Compose files, one `file: rule: message` line each. */
export function dclintErrors(files: readonly string[]): string[] {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/dclint'), [...files, '--formatter', 'json'], { encoding: 'utf8', timeout: 120_000 });
  const reports = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ type: string; rule: string; message: string }> }>;
  if (reports.length !== files.length) return [`dclint reported on ${reports.length} of ${files.length} files: ${r.stderr}`];
  return reports.flatMap((f) => f.messages.filter((m) => m.type === 'error').map((m) => `${f.filePath}: ${m.rule}: ${m.message}`));
}
