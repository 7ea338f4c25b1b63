import type { DeploymentModel } from '../model/deployment-model.js';
import { sh, shCommand } from '../formats/shell.js';
import { dependencyOrder } from './rollout-plan.js';

/**
 * `release_commands` of `deploy.sh`: each service's release command (migrations), once per
 * release, on the release's image, in dependency order, before any container of the release
 * starts. What the command needs (the database) is started first when it is not running, and
 * left as it is when it runs: the release itself recreates it later, in order. Pure.
 */
export function renderReleaseCommands(model: DeploymentModel): string[] {
  const services = model.services.filter((s) => s.replicas !== 0 && s.releaseCommand?.length);
  if (!services.length) return ['# No service has a release command (migrations run before a release in `release_commands`).', 'release_commands() { :; }'];
  const byName = new Map(services.map((s) => [s.name, s]));
  const order = dependencyOrder(model.services).filter((name) => byName.has(name));
  return [
    '# Release commands (migrations): once per release, on the new images, before anything is switched.',
    'release_commands() {',
    ...order.flatMap((name) => {
      const s = byName.get(name)!;
      const deps = [...new Set(s.dependsOn.map((d) => d.service))].sort();
      return [
        `  log ${sh(`${name}: running its release command on the new image`)}`,
        ...(deps.length ? [`  compose up -d --no-recreate --wait ${shCommand(deps)} || { FAILED_SERVICES=(${shCommand(deps)}); return 1; }`] : []),
        `  if ! compose run --rm -T --no-deps ${sh(name)} ${shCommand(s.releaseCommand!)}; then`,
        `    FAILED_SERVICES=(${sh(name)})`,
        '    return 1',
        '  fi',
      ];
    }),
    '}',
  ];
}
