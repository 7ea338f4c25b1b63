import { usesCertbot } from '../proxy/kinds/index.js';
import type { DeploymentModel, ServiceModel } from '../model/deployment-model.js';
import { renderStackDiagram } from './_mermaid.js';
import { dumpExtension, dumpToolName, listTablesCommand, restoreName } from '../scripts/_backup-engines.js';
import { jobsSection } from './_runbook-jobs.js';
import { databaseAccessSection, loopbackHealthUrl, updateSection } from './_runbook-data.js';
import { dnsHostNames, runbookRoutes } from './_runbook-routes.js';
import type { BackupModel } from '../model/ops-model.js';
import { shQuoted } from '../formats/shell.js';
import { hostOrigin, localAlias } from '../model/local-hosts.js';
import { SCRIPT_NAMES } from '../model/script-names.js';
import { rolloutSection } from './_runbook-rollout.js';

const code = (text: string) => `\`${text}\``;
const block = (lang: string, ...body: string[]) => ['```' + lang, ...body, '```'];

/** `DEPLOY.md`: the runbook of this stack, written from the model. */
export function renderRunbook(model: DeploymentModel): string {
  const host = model.ops?.host;
  const server = host ? `${host.deployUser}@${host.ipv4 ?? 'SERVER'}` : 'deploy@SERVER';
  const dir = host?.directory ?? `~/${model.name}`;
  return [
    `# Deploying ${model.name}`,
    '',
    `This folder is the whole deployment of **${model.name}**: ${code('docker-compose.yml')}, its configuration and the scripts below. ` +
      'It is generated: change `infra.ts` and run `npx synth` rather than editing files here.',
    '',
    '## The stack',
    '',
    ...block('mermaid', renderStackDiagram(model)),
    '',
    ...servicesTable(model),
    ...dnsSection(model),
    ...firewallSection(model),
    ...firstDeploySection(model, server, dir),
    ...verifySection(model, server),
    ...updateSection(model),
    ...databaseAccessSection(model, server, dir),
    ...backupSection(model, server, dir),
    ...jobsSection(model),
    ...rolloutSection(model),
    ...rollbackSection(),
    ...adminSection(model, server),
    ...logsSection(model),
  ].join('\n');
}

function servicesTable(model: DeploymentModel): string[] {
  return [
    '| service | role | image | networks | health check |',
    '|---|---|---|---|---|',
    ...model.services.map((s) => `| ${s.name} | ${s.role} | ${s.build ? `built from ${code(s.build.context)}` : code(s.image ?? '')} | ${s.networks.join(', ')} | ${s.healthCheck ? 'yes' : 'no'} |`),
    '',
  ];
}

function dnsSection(model: DeploymentModel): string[] {
  const names = dnsHostNames(model);
  const host = model.ops?.host;
  const v4 = host?.ipv4 ?? '<server IPv4>';
  if (!names.length) return ['## DNS records', '', 'No Domain in this stack: there is no DNS record to create.', ''];
  if (model.mode === 'local') {
    return [
      '## DNS records',
      '',
      'Local mode: no DNS record is needed. Browsers and curl resolve `*.localhost` to this machine, and the proxy answers each host name there over plain HTTP:',
      '',
      ...names.map((n) => `- ${hostOrigin(n, true)}/`),
      '',
    ];
  }
  return [
    '## DNS records',
    '',
    'Create these records at your DNS provider before the first deploy (certificates are requested for each name):',
    '',
    '| type | name | value |',
    '|---|---|---|',
    ...names.flatMap((n) => [`| A | ${n} | ${v4} |`, ...(host?.ipv6 ? [`| AAAA | ${n} | ${host.ipv6} |`] : [])]),
    '',
    ...(host?.ipv6 ? [] : ['Add an AAAA record per name too if the server has an IPv6 address (set `ipv6` on the Host).', '']),
    'Check each one resolves to the server before deploying:',
    '',
    ...block('sh', ...names.map((n) => `dig +short A ${n}`)),
    '',
  ];
}

function publishedPorts(model: DeploymentModel): Array<{ service: ServiceModel; host: number; container: number; ip: string; protocol: string }> {
  return model.services.flatMap((s) => s.ports.map((p) => ({ service: s, host: p.host, container: p.container, ip: p.hostIp ?? '0.0.0.0', protocol: p.protocol })));
}

function firewallSection(model: DeploymentModel): string[] {
  const h = model.ops?.host;
  const ports = publishedPorts(model);
  return [
    '## Firewall and ports',
    '',
    model.mode === 'local'
      ? 'Local mode: every published port, the proxy\'s included, is bound to 127.0.0.1; nothing is reachable from the network.'
      : h
      ? `The host scripts set up ufw: **22/tcp** only from ${h.sshAllowFrom.map(code).join(', ')}, **80/tcp** and **443/tcp** open, everything else closed.`
      : 'Open **80/tcp** and **443/tcp** to everyone, **22/tcp** (SSH) only to your own addresses, and close everything else (add a `Host` to generate this setup).',
    '',
    'Ports published by containers (Docker opens them itself, so every port not meant for the internet is bound to 127.0.0.1):',
    '',
    ...(ports.length
      ? ['| service | host address | host port | container port | reachable from |', '|---|---|---|---|---|',
         ...ports.map((p) => `| ${p.service.name} | ${p.ip} | ${p.host}/${p.protocol} | ${p.container} | ${p.ip !== '127.0.0.1' ? 'the internet' : model.mode === 'local' ? 'this machine only' : 'this server only (SSH tunnel)'} |`)]
      : ['No container publishes a port.']),
    '',
  ];
}

function firstDeploySection(model: DeploymentModel, server: string, dir: string): string[] {
  const h = model.ops?.host;
  const provided = model.secrets.filter((s) => s.source.kind === 'provided');
  if (model.mode === 'local') return localRunSection(provided.map((s) => s.variable));
  const steps: string[] = ['## First deploy', ''];
  if (h) {
    steps.push(
      '1. **Prepare the server.** On a new VPS, paste `host/user-data.yaml` as the cloud-init user data. On an existing Debian or Ubuntu server, run the same steps as root:',
      '',
      ...block('sh', `scp host/bootstrap.sh root@${h.ipv4 ?? 'SERVER'}:`, `ssh root@${h.ipv4 ?? 'SERVER'} bash bootstrap.sh`),
      '',
      `   Then check that \`ssh ${server}\` works with your key, and that \`ssh root@${h.ipv4 ?? 'SERVER'}\` is refused.`,
    );
  } else {
    steps.push('1. **Prepare the server**: Docker Engine with the Compose plugin, a non-root user in the `docker` group, SSH keys only.');
  }
  steps.push(
    '2. **Create the DNS records** above and wait until they resolve.',
    '3. **Copy this folder** to the server (never `.env`, releases or backups: they live there):',
    '',
    ...block('sh', `rsync -av --exclude .env --exclude .releases --exclude backups ./ ${server}:${dir}/`),
    '',
    ...sourceNote(model, dir),
    '4. **Create the secrets** on the server. Generated ones are made for you; the script asks for the ones you provide:',
    '',
    ...block('sh', `ssh ${server}`, `cd ${dir}`, `./${SCRIPT_NAMES.initSecrets}`),
    '',
    ...(provided.length ? ['   Have these at hand:', '', ...provided.map((s) => `   - ${code(s.variable)}: ${s.source.kind === 'provided' ? s.source.description : ''}`), ''] : []),
    ...certificateStep(model),
    `${certificateStep(model).length ? 6 : 5}. **Deploy.** \`deploy.sh\` checks Docker, \`.env\`, disk space and ports, pulls and builds, starts everything and waits for every health check; if one fails it rolls back to the previous release and prints the logs:`,
    '',
    ...block('sh', './deploy.sh'),
    '',
    'Later deploys: copy the folder again (step 3), then `./deploy.sh`.',
    '',
  );
  return steps;
}

/** Images built from source need their build contexts on the server, beside this folder. */
function sourceNote(model: DeploymentModel, dir: string): string[] {
  const contexts = [...new Set(model.services.flatMap((s) => (s.build ? [s.build.context] : [])))].sort();
  if (!contexts.length) return [];
  return [
    `   This stack builds images on the server from ${contexts.map(code).join(', ')} (relative to this folder), so this folder alone is not enough: copy the repository with its layout instead (e.g. \`git clone <repository> ${dir}\`), and run the next steps from this folder inside it.`,
    '',
  ];
}

/** Local mode runs on this machine: no server, DNS or certificates. */
function localRunSection(provided: readonly string[]): string[] {
  return [
    '## Run it locally',
    '',
    '1. **Docker** Engine (or Docker Desktop) with the Compose plugin on this machine.',
    '2. **Create the secrets** in this folder (local values, never the production ones):',
    '',
    ...block('sh', `./${SCRIPT_NAMES.initSecrets}`),
    '',
    ...(provided.length ? [`   It asks for: ${provided.map(code).join(', ')}.`, ''] : []),
    '3. **Start** everything and wait for the health checks (the same `deploy.sh` as in production, with release tags and rollback):',
    '',
    ...block('sh', './deploy.sh'),
    '',
    'After a change to `infra.ts` or the code: `npx synth`, then `./deploy.sh` again.',
    '',
  ];
}

/** nginx cannot start without its certificate files: init-ssl.sh gets the first ones, once per server. */
function certificateStep(model: DeploymentModel): string[] {
  if (!usesCertbot(model.proxy)) return [];
  return [
    '5. **Get the first certificates** (once per server; the DNS records must resolve already). `init-ssl.sh` starts nginx with temporary certificates, asks Let\'s Encrypt for the real ones and starts the `certbot` service, which renews them twice a day:',
    '',
    ...block('sh', './init-ssl.sh'),
    '',
    '   On a new server, `./init-ssl.sh --staging` first is a safe rehearsal (untrusted certificates, generous rate limits); then `./init-ssl.sh --force` replaces them with trusted ones.',
    '',
  ];
}

function verifySection(model: DeploymentModel, server: string): string[] {
  const { routes } = runbookRoutes(model);
  const scheme = model.mode === 'production' ? 'https' : 'http';
  const curls: string[] = [];
  for (const r of routes) {
    const auth = r.basicAuth?.users[0];
    const user = auth ? ` -u ${shQuoted(`${auth.user}:<${auth.variable} from .env on the server>`)}` : '';
    // Local mode: `<host>.localhost` reaches this machine; the redirect still names the real host.
    const at = (h: string) => (model.mode === 'local' ? localAlias(h) : h);
    for (const h of r.hosts) curls.push(`curl -fsS -o /dev/null -w '%{http_code}\\n'${user} ${scheme}://${at(h)}${r.pathPrefix === '/' ? '/' : `${r.pathPrefix}/`}`);
    if (model.mode === 'production') curls.push(`curl -sI http://${r.hosts[0]}/ | grep -i '^location: https://'`);
    for (const x of r.redirects) curls.push(`curl -sI ${scheme}://${at(x.from)}/ | grep -i '^location: ${scheme}://${x.to}'`);
  }
  const local = model.services.flatMap((s) => {
    const url = loopbackHealthUrl(s);
    const port = url && s.ports.find((p) => p.hostIp === '127.0.0.1' && url.startsWith(`http://127.0.0.1:${p.container}`));
    return url && port ? [`curl -fsS ${url.replace(`:${port.container}`, `:${port.host}`)}`] : [];
  });
  return [
    '## Verify',
    '',
    `${model.mode === 'local' ? 'Every' : 'On the server, every'} service should be \`running (healthy)\`:`,
    '',
    ...block('sh', 'docker compose ps'),
    '',
    // Domains sharing a host would repeat the same redirect and certificate checks.
    ...(curls.length
      ? [model.mode === 'local' ? 'Each Domain answers (expect `200`):' : 'From your machine, each Domain answers (expect `200`, and a redirect to HTTPS on port 80):', '', ...block('sh', ...new Set(curls)), '']
      : []),
    ...(routes.length && model.mode === 'production'
      ? ['Certificate dates:', '', ...block('sh', ...new Set(routes.map((r) => `echo | openssl s_client -connect ${r.hosts[0]}:443 -servername ${r.hosts[0]} 2>/dev/null | openssl x509 -noout -issuer -dates`))), '']
      : []),
    ...(local.length ? [`${model.mode === 'local' ? 'On this machine' : `On the server (\`ssh ${server}\`)`}, the loopback ports answer:`, '', ...block('sh', ...local), ''] : []),
  ];
}

function scheduleText(b: BackupModel): string {
  return b.schedule.kind === 'daily' ? `every day at ${b.schedule.at} UTC` : `every ${b.schedule.everyHours} h (UTC)`;
}

function backupSection(model: DeploymentModel, server: string, dir: string): string[] {
  const backups = model.ops?.backups ?? [];
  if (!backups.length) {
    return ['## Backups and restore', '', '**No backup is configured.** Add `new Backup(app, \'db-backup\', { database: db })` to `infra.ts`.', ''];
  }
  const out = ['## Backups and restore', ''];
  for (const b of backups) {
    out.push(
      `- **${b.database}** (${b.engine === 'minio' ? 'bucket' : 'database'} ${code(b.databaseName)}): ${b.engine === 'minio' ? 'copied with' : 'compressed'} ${code(dumpToolName(b.engine))} ${scheduleText(b)} by the ${code(b.service)} service, the newest ${b.keep} kept in ${code(`${b.directory}/`)}` +
        `${b.volumes.length ? `, with volume${b.volumes.length > 1 ? 's' : ''} ${b.volumes.map(code).join(', ')} archived beside each dump` : ''}` +
        `${b.s3 ? `, each file uploaded to ${code(`${b.s3.endpoint}/${b.s3.bucket}/${b.s3.prefix}/`)} (set a lifecycle rule on the bucket to expire old copies)` : ''}.`,
    );
  }
  const first = backups[0]!;
  out.push(
    '',
    'Back up now, list, and copy the dumps off the server:',
    '',
    ...block('sh', './backup.sh', `ls -lh ${first.directory}/`, `rsync -av ${server}:${dir}/backups/ ./backups-copy/`),
    '',
    `Restore a dump into a **new** database, check it, then point the app at it (or restore over the original with \`--replace\` once the services using it are stopped):`,
    '',
    ...block(
      'sh',
      `./restore.sh ${first.directory}/${first.database}-YYYYMMDD-HHMMSS.${dumpExtension(first.engine)} ${restoreName(first.engine, first.databaseName)}`,
      listTablesCommand(first, restoreName(first.engine, first.databaseName)),
      `docker compose stop ${model.services.filter((s) => s.dependsOn.some((d) => d.service === first.database) && s.name !== first.service).map((s) => s.name).join(' ')}`.trimEnd(),
      `./restore.sh ${first.directory}/${first.database}-YYYYMMDD-HHMMSS.${dumpExtension(first.engine)} ${first.databaseName} --replace`,
      './deploy.sh',
    ),
    '',
  );
  const volumes = backups.flatMap((b) => b.volumes.map((v) => ({ b, v })));
  if (volumes.length) {
    out.push('Restore a volume archive (stop the services that write to it first):', '');
    out.push(...block('sh', ...volumes.map(({ b, v }) => `docker run --rm -v ${model.name}_${v}:/target -v "$PWD/${b.directory}:/backups:ro" alpine:3.20 sh -c 'cd /target && tar -xzf /backups/${b.database}-YYYYMMDD-HHMMSS.${v}.tar.gz'`)), '');
  }
  return out;
}

function rollbackSection(): string[] {
  return [
    '## Rollback',
    '',
    '`deploy.sh` tags the images of every release and rolls back by itself when a new release is not healthy. To go back by hand:',
    '',
    ...block('sh', './deploy.sh releases          # the releases kept, newest last', './deploy.sh rollback          # the previous good release', './deploy.sh rollback <ID>     # a given release'),
    '',
    'A rollback restores images, the Compose file and the configuration files of that release, not data: undo database migrations with a restore if needed.',
    '',
  ];
}

function adminSection(model: DeploymentModel, server: string): string[] {
  const tools = model.ops?.adminTools ?? [];
  const m = model.ops?.monitoring;
  if (!tools.length && !m) return [];
  const isLocal = model.mode === 'local';
  // Local mode: the tools are on this machine already, no tunnel to open.
  const tunnel = (port: number) => (isLocal ? `http://localhost:${port}` : `\`ssh -N -L ${port}:127.0.0.1:${port} ${server}\` then http://localhost:${port}`);
  const intro = isLocal ? 'They listen on this machine\'s 127.0.0.1 only:' : 'They listen on the server\'s 127.0.0.1 only. Open an SSH tunnel, then browse to `localhost`:';
  const out = ['## Admin tools and monitoring', '', intro, ''];
  for (const t of tools) {
    out.push(`- **${t.kind === 'pgadmin' ? 'pgAdmin' : 'Adminer'}** (${t.databases.join(', ')}):`, '');
    out.push(...block('sh', `ssh -N -L ${t.localPort}:127.0.0.1:${t.localPort} ${server}`, `# then open http://localhost:${t.localPort}`).map((l) => `  ${l}`));
    out.push('', t.passwordVariable ? `  Log in as ${code(t.email ?? '')} with the password in ${code(t.passwordVariable)} of \`.env\`; the database password is ${code(model.secrets.find((s) => s.owner && t.databases.includes(s.owner))?.variable ?? '.env')}.` : '  Server: the database service name; user and password from `.env`.', '');
  }
  if (m) {
    const prom = model.services.find((s) => s.name === m.prometheusService)?.ports[0]?.host ?? 9090;
    const grafanaLocal = model.services.find((s) => s.name === m.grafanaService)?.ports[0]?.host;
    const auth = model.routes?.find((r) => r.service === m.grafanaService)?.basicAuth?.users[0];
    out.push(`- **Grafana**: ${m.grafanaHost ? `${hostOrigin(m.grafanaHost, isLocal)}/${auth ? ` (basic auth first: user ${code(auth.user)}, password in ${code(auth.variable)})` : ''}` : ''}${m.grafanaHost && grafanaLocal ? ' or ' : ''}${grafanaLocal ? tunnel(grafanaLocal) : ''}; user \`admin\`, password in ${code(m.grafanaPasswordVariable)} of \`.env\`. The starter dashboard is under *Dashboards → Slipway*.`);
    out.push(`- **Prometheus**: ${tunnel(prom)}/targets (jobs: ${m.targets.map((t) => t.job).join(', ')}).`, '');
  }
  return out;
}

function logsSection(model: DeploymentModel): string[] {
  const h = model.ops?.host;
  return [
    '## Logs',
    '',
    ...block('sh', 'docker compose logs -f --tail 100 <service>   # one service, live', 'docker compose logs --since 1h                # everything, last hour', ...(model.ops?.backups.length ? [`docker compose logs ${model.ops.backups.map((b) => b.service).join(' ')}   # backup runs`] : [])),
    '',
    `- Container logs are JSON files under \`/var/lib/docker/containers/<id>/\`, rotated at 10 MB × 3 per container.`,
    '- `deploy.sh` prints the last logs of a failing service before rolling back; releases are recorded in `.releases/`.',
    ...(h ? ['- Host: `journalctl -u docker`, `sudo ufw status verbose`, `sudo fail2ban-client status sshd`, `/var/log/unattended-upgrades/`.'] : []),
    '',
  ];
}
