import type { DeploymentModel } from '../model/deployment-model.js';
import { sh, shCommand } from '../formats/shell.js';
import { dependencyOrder } from './rollout-plan.js';

/**
 * `release_commands` of `deploy.sh`: each service's release command (migrations), once per
 * release, on the release's image, in dependency order, before any container of the release
 * starts. The first release lets `docker compose run` start what the command needs (the
 * database); later releases run it beside the running stack without touching it. Pure.
 */
export function renderReleaseCommands(model: DeploymentModel): string[] {
  const withCommand = new Map(model.services.filter((s) => s.replicas !== 0 && s.releaseCommand?.length).map((s) => [s.name, s.releaseCommand!]));
  if (!withCommand.size) return ['# No service has a release command (migrations run before a release in `release_commands`).', 'release_commands() { :; }'];
  const order = dependencyOrder(model.services).filter((name) => withCommand.has(name));
  return [
    '# Release commands (migrations): once per release, on the new images, before anything is switched.',
    'release_commands() {',
    '  local deps=(--no-deps)',
    '  [ -n "$(compose ps -q 2>/dev/null)" ] || deps=()',
    ...order.flatMap((name) => [
      `  log ${sh(`${name}: running its release command on the new image`)}`,
      `  if ! compose run --rm -T "\${deps[@]}" ${sh(name)} ${shCommand(withCommand.get(name)!)}; then`,
      `    FAILED_SERVICES=(${sh(name)})`,
      '    return 1',
      '  fi',
    ]),
    '}',
  ];
}
