import { posix } from 'node:path';
import type { DeploymentModel } from '../model/deployment-model.js';
import { sh, shArray } from '../formats/shell.js';

/**
 * Build contexts outside the output folder (relative to it, `..`-prefixed), sorted, and how many
 * folders up the highest one is: the remote copy keeps that many levels of the layout.
 */
export function remoteLayout(model: DeploymentModel): { contexts: string[]; depth: number } {
  const contexts = new Set<string>();
  for (const s of model.services) {
    if (!s.build) continue;
    for (const c of [s.build.context, ...(s.build.additionalContexts ?? []).map(([, p]) => p)]) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(c) || c.startsWith('/')) continue; // a URL or an absolute path is not copied
      contexts.add(posix.normalize(c));
    }
  }
  const sorted = [...contexts].sort();
  // At least one level: the folder keeps its name on the server.
  const depth = Math.max(1, ...sorted.map((c) => c.split('/').filter((p) => p === '..').length));
  return { contexts: sorted, depth };
}

/**
 * `./deploy.sh --host user@server [command…]`: pre-flight checks of this machine and the server,
 * a copy of this folder (and of the build contexts beside it) over SSH with tar, then the same
 * command run there with `deploy.sh`, its output streamed and its exit status returned. Secrets
 * stay on the server: `.env`, `.releases/` and `backups/` are never copied.
 */
export function renderRemote(model: DeploymentModel): string[] {
  const { contexts, depth } = remoteLayout(model);
  return [
    '# ---- Deploying from elsewhere: ./deploy.sh --host user@server [command] ----',
    `REMOTE_DIR="\${REMOTE_DIR:-${sh(model.name)}}"`,
    '# Build contexts outside this folder, copied beside it.',
    `BUILD_CONTEXTS=${shArray(contexts)}`,
    `CONTEXT_DEPTH=${depth}`,
    '',
    'remote_deploy() {',
    '  local host="$1" ssh_args=() here base rel ctx entries=() problems remote_dir i ex',
    '  shift',
    '  [ -n "$host" ] || fail "usage: ./deploy.sh --host user@server [deploy | rollback [RELEASE] | releases | maintenance on|off]"',
    '  command -v ssh >/dev/null 2>&1 || fail "ssh is not installed on this machine: apt-get install openssh-client."',
    '  command -v tar >/dev/null 2>&1 || fail "tar is not installed on this machine."',
    '  # SSH_OPTS: extra ssh options, e.g. SSH_OPTS="-p 2222 -i ~/.ssh/deploy_key".',
    '  read -r -a ssh_args <<<"${SSH_OPTS:-}"',
    '  remote() { ssh "${ssh_args[@]}" -o BatchMode=yes "$host" "$@"; }',
    '  log "checking $host"',
    '  remote true </dev/null ||',
    '    fail "cannot log in to $host over SSH without a prompt: check the user, the key (ssh-add, or SSH_OPTS=\'-i KEY\'), the port (SSH_OPTS=\'-p PORT\') and that the host key is known (ssh $host once)."',
    '  # shellcheck disable=SC2016 # expanded on the server',
    `  problems="$(remote 'command -v docker >/dev/null 2>&1 || echo "docker is not installed (run host/bootstrap.sh there first);"; docker compose version >/dev/null 2>&1 || echo "the Docker Compose plugin is missing (apt-get install docker-compose-plugin);"; docker info >/dev/null 2>&1 || echo "the Docker daemon is not reachable for $(id -un) (is it running, is the user in the docker group?);"; command -v tar >/dev/null 2>&1 || echo "tar is missing;"; true' </dev/null)"`,
    '  [ -z "$problems" ] || fail "$host is not ready: ${problems//$\'\\n\'/ }"',
    '  # The folder and its build contexts, with the same layout on the server under REMOTE_DIR.',
    '  here="$(pwd -P)"',
    '  base="$here"',
    '  for ((i = 0; i < CONTEXT_DEPTH; i++)); do base="$(dirname "$base")"; done',
    '  rel="${here#"$base"/}"',
    '  entries=("$rel")',
    '  for ctx in "${BUILD_CONTEXTS[@]}"; do',
    '    [ -d "$ctx" ] || fail "build context $ctx not found next to this folder: copy the sources too, or build and push the images elsewhere."',
    '    ctx="$(cd "$ctx" && pwd -P)"',
    '    if [ "$ctx" = "$base" ]; then entries=(.); break; fi',
    '    entries+=("${ctx#"$base"/}")',
    '  done',
    '  remote_dir="$REMOTE_DIR/$rel"',
    '  # Never copied: secrets and releases stay on the server, backups too; no local .env of a source folder either.',
    '  ex=(--anchored)',
    '  for i in .releases backups; do ex+=("--exclude=$rel/$i" "--exclude=./$rel/$i"); done',
    '  ex+=(--no-anchored --exclude=.env --exclude=node_modules --exclude=.git)',
    '  log "copying ${entries[*]} to $host:$REMOTE_DIR"',
    '  tar -C "$base" "${ex[@]}" -czf - "${entries[@]}" |',
    '    remote "mkdir -p $(printf %q "$REMOTE_DIR") && tar -C $(printf %q "$REMOTE_DIR") -xzf -" ||',
    '    fail "copying to $host failed: see the messages above."',
    '  log "running ./deploy.sh ${*:-deploy} on $host"',
    '  remote "cd $(printf %q "$remote_dir") && ./deploy.sh $(printf \'%q \' "$@")" </dev/null',
    '}',
  ];
}
