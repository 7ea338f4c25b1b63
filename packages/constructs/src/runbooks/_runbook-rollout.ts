import type { DeploymentModel } from '../model/deployment-model.js';
import { DEFAULT_DRAIN_SECONDS } from '../scripts/render-rollout.js';
import { rolloutPlan } from '../scripts/rollout-plan.js';

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/** The runbook's section on how a release replaces each service, and the maintenance page. */
export function rolloutSection(model: DeploymentModel): string[] {
  const plan = rolloutPlan(model);
  const services = model.services.filter((s) => s.replicas !== 0).map((s) => s.name);
  const recreated = services.filter((s) => !plan?.rolling.includes(s));
  const out = ['## Releases without downtime', ''];
  if (!plan || !plan.rolling.length) {
    out.push(
      '`deploy.sh` recreates every changed container (`docker compose up -d`): requests to a service are refused while its new container starts.',
      plan ? '' : 'Rolling releases need the generated nginx (syntax level below 1.27.3) or Caddy in front of the services.',
      '',
    );
  } else {
    out.push(
      `Replaced without dropping a request: ${list(plan.rolling)}. For each, \`deploy.sh\` starts the new container beside the running one, waits for its health check, points ${plan.kind} at it (a graceful reload), lets the old container finish its requests (at most \`DRAIN_TIMEOUT\`, ${DEFAULT_DRAIN_SECONDS} s) and stops it. A new container that never gets healthy receives no request and is removed; the release rolls back.`,
      '',
      `Recreated as before (a short interruption when they change): ${list(recreated)} — databases, caches, tools, one-shot jobs, services without a route, with a published port, several replicas or a volume of their own, and the proxy itself.`,
      '',
    );
    out.push(
      'Maintenance page (503 from the proxy, every site):',
      '',
      '```sh',
      './deploy.sh maintenance on',
      './deploy.sh maintenance off',
      '```',
      '',
    );
  }
  return out.filter((l, i, a) => !(l === '' && a[i - 1] === ''));
}
