import { usesCertbot } from '../proxy/kinds/index.js';
import type { DeploymentModel } from '../model/deployment-model.js';
import { dataNodeConstraint } from '../swarm/_deploy-section.js';
import { defaultSwarmModel, STACK_FILE } from '../swarm/render-stack.js';
import { DEPLOY_STACK_SCRIPT } from '../swarm/render-deploy-stack.js';
import type { StackTranslation } from '../swarm/stack-types.js';
import { SCRIPT_NAMES } from '../model/script-names.js';

const code = (text: string) => `\`${text}\``;
const block = (lang: string, ...body: string[]) => ['```' + lang, ...body, '```'];

/** `STACK.md`: the Swarm runbook — cluster set-up, deploy, scale, rollback — written from the model. */
export function renderStackRunbook(model: DeploymentModel, t: StackTranslation): string {
  const swarm = model.swarm ?? defaultSwarmModel(model.name);
  const label = swarm.dataNodeLabel;
  const stack = model.name;
  const scalable = model.services.filter((s) => !t.pinned.includes(s.name) && s.restart !== 'no' && s.role !== 'proxy');
  const example = scalable[0]?.name ?? model.services[0]?.name ?? 'api';
  const release = swarm.releaseVariable;
  return [
    `# Deploying ${stack} on Docker Swarm`,
    '',
    `${code(STACK_FILE)} is the same stack as ${code('docker-compose.yml')}, translated for ${code('docker stack deploy')}; ` +
      `${code(DEPLOY_STACK_SCRIPT)} deploys it. Both are generated: change ${code('infra.ts')} and run ${code('npx synth')}.`,
    '',
    '## Services on the cluster',
    '',
    '| service | replicas | placement | update order |',
    '|---|---|---|---|',
    ...model.services.map((s) => {
      const d = (t.doc.services[s.name]?.deploy ?? {}) as { replicas?: number; mode?: string; placement?: { constraints?: string[] }; update_config?: { order?: string } };
      return `| ${s.name} | ${d.mode === 'global' ? 'one per node' : String(d.replicas ?? 1)} | ${d.placement?.constraints?.map(code).join(', ') || 'any node'} | ${d.update_config?.order ?? ''} |`;
    }),
    '',
    ...(t.notes.length ? ['What changed from the single-host Compose file:', '', ...t.notes.map((n) => `- **${n.service}**: ${n.text}`), ''] : []),
    '## Set up the cluster',
    '',
    '1. **On every node**: Docker Engine, and `no-new-privileges` for every container (Swarm ignores the per-service `security_opt` Compose uses); merge these keys into an existing `/etc/docker/daemon.json` instead of replacing it:',
    '',
    ...block('sh', `echo '{ "no-new-privileges": true, "log-driver": "json-file", "log-opts": { "max-size": "10m", "max-file": "3" } }' | sudo tee /etc/docker/daemon.json`, 'sudo systemctl restart docker'),
    '',
    '   Between nodes, open 2377/tcp (managers), 7946/tcp+udp, 4789/udp' + (swarm.encryptedNetworks ? ' and ESP (IP protocol 50: overlay networks are encrypted)' : '') + '; to the internet, only 80 and 443.',
    `2. **Create the swarm** on the first manager — the node that keeps this folder, \`.env\` and the volumes:`,
    '',
    ...block('sh', 'docker swarm init --advertise-addr <private address of this node>', 'docker swarm join-token worker   # prints the join command for workers'),
    '',
    '3. **Join the other nodes** with the printed command:',
    '',
    ...block('sh', 'docker swarm join --token <token> <manager address>:2377'),
    '',
    `4. **Label the data node.** ${t.pinned.length ? `${t.pinned.map(code).join(', ')} keep${t.pinned.length === 1 ? 's' : ''} state in volumes that live on one node, so ${t.pinned.length === 1 ? 'it is' : 'they are'} placed with ${code(dataNodeConstraint(label))}:` : 'No service is pinned, but label it anyway for later:'}`,
    '',
    ...block('sh', 'docker node ls', `docker node update --label-add ${label}=true <node name>`),
    '',
    `   Moving that label moves the services **without** their data: copy the volumes first.`,
    ...(model.proxy ? ['', `   The proxy publishes 80/443 in host mode on its node: point the DNS records at that node's address.`] : []),
    ...(usesCertbot(model.proxy)
      ? ['', '   nginx needs its certificates before it starts: on the data node, run `./init-ssl.sh` once (it uses Docker Compose and fills the same `' + `${stack}_letsencrypt` + '` volume) before the first deploy; it removes its temporary containers when done. For a host name added later, scale the stack\'s proxy to 0 first (`docker service scale ' + `${stack}_${model.proxy!.service}` + '=0`), run `./init-ssl.sh`, then `./deploy-stack.sh`.']
      : []),
    `5. **Log in to the registry** on the manager${t.images.length ? ` (images are pushed to ${code(t.images[0]!.repository.split('/').slice(0, -1).join('/'))})` : ''}: ${code('docker login <registry>')}. ${code('--with-registry-auth')} hands the credentials to the workers.`,
    '',
    '## Deploy',
    '',
    'On the manager, in this folder:',
    '',
    ...block('sh', `./${SCRIPT_NAMES.initSecrets}        # once: fills .env (kept on the manager only)`, `./${DEPLOY_STACK_SCRIPT}`),
    '',
    `The script checks the cluster, builds and pushes the images built from source (tagged with ${code(release)}: the git commit by default), ` +
      'creates a Swarm secret per `.env` value (a changed value gets a new name, which rolls the services using it), versions the configs by content, ' +
      `runs ${code(`docker stack deploy --with-registry-auth --prune`)} and waits until every service has all its replicas healthy.`,
    '',
    ...block('sh', `${release}=v1.4.0 ./${DEPLOY_STACK_SCRIPT}          # choose the tag`, `SKIP_BUILD=1 ${release}=<tag> ./${DEPLOY_STACK_SCRIPT}   # images already pushed by CI`, `./${DEPLOY_STACK_SCRIPT} status`),
    '',
    ...(t.interpolated.length
      ? [`These secrets are interpolated into the service definitions at deploy time (warning ${code('swarm-secret-in-env')}): ${t.interpolated.map(code).join(', ')}.`, '']
      : []),
    '## Scale',
    '',
    ...block('sh', `docker service scale ${stack}_${example}=3`, `docker service ls --filter label=com.docker.stack.namespace=${stack}`),
    '',
    `A manual scale lasts until the next deploy; to keep it, set ${code('replicas')} in ${code('infra.ts')}. Stateful services (${t.pinned.map(code).join(', ') || 'none'}) must stay at one replica.`,
    '',
    '## Rollback',
    '',
    `Each update is watched (${code('update_config.failure_action: rollback')}): a task that fails its health check during the monitor window rolls that service back by itself. To go back by hand:`,
    '',
    ...block(
      'sh',
      `./${DEPLOY_STACK_SCRIPT} rollback                    # every service to its previous definition`,
      `docker service rollback ${stack}_${example}            # one service`,
      `SKIP_BUILD=1 ${release}=<previous tag> ./${DEPLOY_STACK_SCRIPT}   # redeploy an older release`,
    ),
    '',
    `Old secret and config versions are kept for rollbacks; once a release is good, ${code(`./${DEPLOY_STACK_SCRIPT} prune`)} removes the unused ones. A rollback restores images and settings, not data.`,
    '',
    '## Logs',
    '',
    ...block('sh', `docker service logs -f --tail 100 ${stack}_${example}`, `docker service ps --no-trunc ${stack}_${example}   # why a task failed`),
    '',
  ].join('\n');
}
