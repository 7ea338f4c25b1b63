import type { ValidationProblem } from '@slipway/core';
import { SECRET_LIKE_NAME } from '../_naming.js';
import { checkImage } from '../_service-checks.js';
import { dockerfileValueProblem } from '../formats/dockerfile.js';
import { shown } from '../formats/text.js';
import type { DockerfileModel, Instruction, StageModel } from './instructions.js';

/** Ids of the warnings the Dockerfile rules give (errors have no id). */
export const DOCKERFILE_WARNINGS = {
  nonNumericUser: 'non-numeric-user',
  addInsteadOfCopy: 'add-instead-of-copy',
  shellFormCommand: 'shell-form-command',
  secretLikeBuildVar: 'secret-like-build-var',
  packageCache: 'package-cache',
  unpinnedPip: 'unpinned-pip',
  missingPipefail: 'missing-pipefail',
} as const;

/**
 * Checks a Dockerfile model against Slipway's rules. Pure; every problem says which stage and
 * how to fix it. Rules: pinned base images, non-root numeric final user, absolute WORKDIR, COPY
 * rather than ADD, exec-form CMD/ENTRYPOINT, no secret-like ARG/ENV, package-manager hygiene,
 * pipefail before pipes, unique stage names, valid `--from` references.
 */
export function checkDockerfile(model: DockerfileModel): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  if (!model.stages.length) {
    return [{ message: `${model.path} has no stage.`, fix: `add one: dockerfile.stage('runtime', 'node:22.14.0-bookworm-slim').` }];
  }
  const seen = new Set<string>();
  model.stages.forEach((stage, index) => {
    const at = `${model.path}, stage "${stage.name}"`;
    if (!/^[a-z][a-z0-9_.-]*$/.test(stage.name)) {
      out.push({ message: `${at}: stage name is not valid.`, fix: 'use lowercase letters, digits, "-", "_" and ".", starting with a letter (e.g. "build").' });
    }
    if (seen.has(stage.name)) out.push({ message: `${at}: the stage name is used twice.`, fix: 'give every stage its own name.' });
    if (!isStageRef(stage.from, seen)) {
      if (model.stages.slice(index).some((s) => s.name === stage.from)) {
        out.push({ message: `${at}: FROM ${stage.from} refers to a later stage.`, fix: 'declare a stage before the stages built on it.' });
      } else {
        out.push(...checkImage(stage.from).map((p) => ({ ...p, message: `${at}: base ${p.message}` })));
      }
    }
    out.push(...checkStage(stage, at, seen, new Set(model.contexts ?? [])));
    seen.add(stage.name);
  });
  out.push(...checkFinalUser(model.stages[model.stages.length - 1]!, model));
  return out;
}

/** A stage name declared earlier, or an ARG-built name we cannot judge. */
function isStageRef(from: string, earlier: ReadonlySet<string>): boolean {
  return earlier.has(from) || from.startsWith('$') || from === 'scratch';
}

function checkStage(stage: StageModel, at: string, earlier: ReadonlySet<string>, contexts: ReadonlySet<string>): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  let pipefail = false;
  const fromRef = (ref: string, what: string) => {
    if (/^\d+$/.test(ref)) {
      if (Number(ref) >= earlier.size) out.push({ message: `${at}: ${what} --from=${ref} is not an earlier stage index.`, fix: 'name the stage instead of using an index.' });
      return;
    }
    // An image reference has a tag, a digest or a registry path; anything else must be a stage.
    if (earlier.has(ref) || contexts.has(ref) || /[:/@]/.test(ref)) return;
    out.push({ message: `${at}: ${what} --from=${ref} names no earlier stage or build context.`, fix: `declare stage "${ref}" before this one, or use a pinned image reference (name:1.2.3).` });
  };
  for (const i of stage.instructions) {
    out.push(...checkSingleLine(i, at));
    switch (i.kind) {
      case 'WORKDIR':
        if (!i.path.startsWith('/') && !i.path.startsWith('$')) {
          out.push({ message: `${at}: WORKDIR "${i.path}" is relative, so it depends on every earlier WORKDIR.`, fix: `use an absolute path, e.g. "/app".` });
        }
        break;
      case 'COPY':
        if (i.options.from !== undefined) fromRef(i.options.from, 'COPY');
        break;
      case 'ADD':
        if (i.sources.some((s) => !/^(https?|git):\/\/|^git@/.test(s))) {
          out.push({
            warning: DOCKERFILE_WARNINGS.addInsteadOfCopy,
            message: `${at}: ADD of local files (${i.sources.join(', ')}) also unpacks archives, a surprise waiting to happen.`,
            fix: 'use COPY for local files; keep ADD for remote URLs (with a checksum).',
          });
        }
        if (i.options.from !== undefined) fromRef(i.options.from, 'ADD');
        break;
      case 'ARG':
      case 'ENV':
        for (const name of i.kind === 'ARG' ? [i.name] : i.vars.map(([k]) => k)) {
          if (SECRET_LIKE_NAME.test(name)) {
            out.push({
              warning: DOCKERFILE_WARNINGS.secretLikeBuildVar,
              message: `${at}: ${i.kind} ${name} looks like a secret; build arguments and ENV stay readable in the image history.`,
              fix: `pass it as a build secret: RUN --mount=type=secret,id=${name.toLowerCase()},env=${name} …, or acknowledge '${DOCKERFILE_WARNINGS.secretLikeBuildVar}' if it is public.`,
            });
          }
        }
        break;
      case 'SHELL':
        pipefail = i.argv.join(' ').includes('pipefail');
        break;
      case 'ENTRYPOINT':
      case 'CMD':
        if ('shell' in i.command) {
          out.push({
            warning: DOCKERFILE_WARNINGS.shellFormCommand,
            message: `${at}: ${i.kind} uses the shell form, so the process does not get SIGTERM and stops are slow and unclean.`,
            fix: `use the exec form: ${i.kind.toLowerCase()}(['node', 'server.js']), or ['sh', '-c', '… && exec node server.js'] when a shell is needed.`,
          });
        }
        break;
      case 'RUN':
        for (const m of i.options.mounts ?? []) if (m.type === 'bind' && m.from !== undefined) fromRef(m.from, 'RUN --mount');
        out.push(...checkRun(i, at, pipefail));
        break;
    }
  }
  return out;
}

/**
 * Every value of an instruction stays on its line: a line break would start a new instruction
 * (`ENV A="x\nUSER root"`). Exec forms are JSON arrays, where escapes are safe; comments are split.
 */
function checkSingleLine(i: Instruction, at: string): ValidationProblem[] {
  if (i.kind === 'COMMENT') return [];
  const out: ValidationProblem[] = [];
  const walk = (v: unknown, key: string): void => {
    if (key === 'exec' || key === 'argv') return;
    if (typeof v === 'string') {
      const problem = dockerfileValueProblem(v);
      if (problem) out.push({ message: `${at}: ${i.kind} value ${shown(v)} ${problem}.`, fix: 'keep each value on one line without control characters: a line break would start a new Dockerfile instruction.' });
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(i, '');
  return out;
}

function checkRun(i: Extract<Instruction, { kind: 'RUN' }>, at: string, pipefailShell: boolean): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const script = i.commands.join(' && ');
  const caches = (i.options.mounts ?? []).filter((m) => m.type === 'cache').map((m) => m.target);
  const cached = (prefix: string) => caches.some((t) => t.startsWith(prefix));
  // Remove quoted text and `||` so that only real pipes remain.
  const bare = script.replace(/'[^']*'|"[^"]*"/g, '').replace(/\|\|/g, '');
  if (bare.includes('|') && !pipefailShell && !/set -[a-z]*o pipefail|set -o pipefail/.test(script)) {
    out.push({
      warning: DOCKERFILE_WARNINGS.missingPipefail,
      message: `${at}: a RUN pipes commands without pipefail, so a failure on the left of "|" goes unnoticed.`,
      fix: `add shell(['/bin/bash', '-o', 'pipefail', '-c']) before it, or start the command with "set -o pipefail &&".`,
    });
  }
  if (/apt-get\s+(-\S+\s+)*install/.test(script)) {
    if (!script.includes('--no-install-recommends')) {
      out.push({ warning: DOCKERFILE_WARNINGS.packageCache, message: `${at}: apt-get install without --no-install-recommends pulls in extra packages.`, fix: 'add --no-install-recommends.' });
    }
    if (!/rm -rf \/var\/lib\/apt\/lists/.test(script) && !cached('/var/lib/apt')) {
      out.push({ warning: DOCKERFILE_WARNINGS.packageCache, message: `${at}: apt-get leaves its package lists in the layer.`, fix: 'end the RUN with "rm -rf /var/lib/apt/lists/*", or use a cache mount on /var/lib/apt.' });
    }
  }
  if (/\bapk\s+(-\S+\s+)*add\b/.test(script) && !script.includes('--no-cache') && !cached('/var/cache/apk')) {
    out.push({ warning: DOCKERFILE_WARNINGS.packageCache, message: `${at}: apk add keeps its index in the layer.`, fix: 'use "apk add --no-cache", or a cache mount on /var/cache/apk.' });
  }
  for (const m of script.matchAll(/\bpip3?\s+install\s+([^&;|]*)/g)) {
    const args = m[1]!.trim().split(/\s+/).filter(Boolean);
    if (!args.includes('--no-cache-dir') && !cached('/root/.cache') && !cached('/tmp/pip-cache')) {
      out.push({ warning: DOCKERFILE_WARNINGS.packageCache, message: `${at}: pip install keeps its download cache in the layer.`, fix: 'add --no-cache-dir, or a cache mount on /root/.cache/pip.' });
    }
    const unpinned = pipPackages(args).filter((p) => !/==|@|\.whl$|^\.|^\//.test(p));
    if (unpinned.length) {
      out.push({
        warning: DOCKERFILE_WARNINGS.unpinnedPip,
        message: `${at}: pip install of ${unpinned.join(', ')} without a pinned version.`,
        fix: `pin each one (${unpinned[0]}==1.2.3), or install from a requirements file with pinned versions.`,
      });
    }
  }
  return out;
}

/** Package arguments of a pip install (options and their values removed). */
function pipPackages(args: readonly string[]): string[] {
  const takesValue = new Set(['-r', '--requirement', '-c', '--constraint', '-t', '--target', '--index-url', '-i', '--extra-index-url', '--prefix', '--root', '-e', '--editable']);
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (takesValue.has(a)) k++;
    else if (!a.startsWith('-') && !a.startsWith('$')) out.push(a.replace(/^["']|["']$/g, ''));
  }
  return out;
}

function checkFinalUser(stage: StageModel, model: DockerfileModel): ValidationProblem[] {
  const users = stage.instructions.filter((i): i is Extract<Instruction, { kind: 'USER' }> => i.kind === 'USER');
  const at = `${model.path}, final stage "${stage.name}"`;
  const last = users[users.length - 1]?.user;
  if (last === undefined) {
    return [{ message: `${at} sets no USER, so the container runs as root.`, fix: `add user('10001:10001') (a numeric uid:gid) after the steps that need root.` }];
  }
  const uid = last.split(':')[0]!;
  if (uid === '0' || uid === 'root') {
    return [{ message: `${at} runs as root (USER ${last}).`, fix: 'switch to an unprivileged numeric user, e.g. user("10001:10001").' }];
  }
  if (!/^\d+$/.test(uid)) {
    return [{
      warning: DOCKERFILE_WARNINGS.nonNumericUser,
      message: `${at}: USER ${last} is a name; runtimes that enforce non-root (runAsNonRoot) need a numeric uid.`,
      fix: `use the numeric uid:gid of that user, e.g. user('1000:1000') for "node".`,
    }];
  }
  return [];
}
