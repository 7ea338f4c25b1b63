import { mysqlAccessLines } from './_runbook-mysql.js';
import type { DeploymentModel, ServiceModel } from '../model/deployment-model.js';
import { literalOf } from '../model/values.js';

const code = (text: string) => `\`${text}\``;
const block = (lang: string, ...body: string[]) => ['```' + lang, ...body, '```'];
const indent = (lines: string[]) => lines.map((l) => (l ? `  ${l}` : l));

/** A PostgreSQL service of the stack, with what an admin needs to log in. */
interface PostgresAccess {
  readonly service: ServiceModel;
  readonly database: string;
  readonly user: string;
  readonly passwordVariable?: string;
  /** Port published on the server's 127.0.0.1, if any. */
  readonly loopbackPort?: number;
}

function postgresServices(model: DeploymentModel): PostgresAccess[] {
  return model.services.flatMap((s) =>
    s.postgres
      ? [{
          service: s,
          database: s.postgres.database,
          user: s.postgres.user,
          passwordVariable: s.postgres.passwordVariable,
          loopbackPort: s.ports.find((p) => p.hostIp === '127.0.0.1' && p.container === 5432)?.host,
        }]
      : [],
  );
}

/**
 * `## Database access`: psql through `docker compose exec` (no port needed), and what a desktop
 * client needs: a tunnel to a loopback port, an admin tool, or how to add one.
 */
export function databaseAccessSection(model: DeploymentModel, server: string, dir: string): string[] {
  const dbs = postgresServices(model);
  const mysqlLines = mysqlAccessLines(model, server, dir);
  if ((!dbs.length && !mysqlLines.length) || model.mode === 'local') return [];
  const tools = model.ops?.adminTools ?? [];
  const out = [
    '## Database access',
    '',
    'The database is reachable by the services on its internal network and by you through SSH; never from the internet.',
    '',
  ];
  for (const db of dbs) {
    const psql = `docker compose exec ${db.service.name} psql -U ${db.user} -d ${db.database}`;
    out.push(
      `- **${db.service.name}** (database ${code(db.database)}, role ${code(db.user)}${db.passwordVariable ? `, password in ${code(db.passwordVariable)} of \`.env\`` : ''}). A SQL shell, from your machine or on the server:`,
      '',
      ...indent(block('sh', `ssh -t ${server} 'cd ${dir} && ${psql}'`, `${psql}   # on the server, in ${dir}`)),
      '',
    );
    const tool = tools.find((t) => t.databases.includes(db.service.name));
    if (db.loopbackPort !== undefined) {
      out.push(
        `  A desktop client (DBeaver, pgAdmin): the port is published on the server's 127.0.0.1:${db.loopbackPort} only. Tunnel to it, then connect to \`localhost:15432\`:`,
        '',
        ...indent(block('sh', `ssh -N -L 15432:127.0.0.1:${db.loopbackPort} ${server}`)),
        '',
      );
    } else if (tool) {
      out.push(`  A desktop-like client: ${tool.kind === 'pgadmin' ? 'pgAdmin' : 'Adminer'} through its SSH tunnel (see *Admin tools* below).`, '');
    } else {
      out.push(
        `  A desktop client (DBeaver, pgAdmin) needs a port to tunnel to: nothing listens on the server's localhost:5432 while the database publishes no port. Add \`ports: [{ container: 5432 }]\` to the Postgres in \`infra.ts\` (published on 127.0.0.1 only; acknowledge the \`data-port-published\` warning), or an \`AdminTool\`.`,
        '',
      );
    }
  }
  out.push(...mysqlLines);
  return out;
}

/**
 * The `http://127.0.0.1:<port>/<path>` a service's health check probes, wherever it sits in the
 * test: a wget/curl argument, or inside a `node -e fetch(…)` / Python `urlopen(…)` one-liner.
 */
export function loopbackHealthUrl(s: ServiceModel): string | undefined {
  for (const arg of s.healthCheck?.command ?? []) {
    const m = /http:\/\/127\.0\.0\.1:\d+[^\s"'`)]*/.exec(literalOf(arg) ?? '');
    if (m) return m[0];
  }
  return undefined;
}

/** Named volumes and the services that mount them, sorted by volume. */
function volumeMounts(model: DeploymentModel): Array<{ volume: string; users: string[] }> {
  // One pass over the mounts, grouped by volume: a search per volume was quadratic.
  const users = new Map<string, string[]>();
  for (const s of model.services) {
    for (const m of s.mounts) {
      if (m.type !== 'volume') continue;
      const list = users.get(m.source) ?? [];
      list.push(`${s.name}:${m.target}`);
      users.set(m.source, list);
    }
  }
  return model.volumes.map((v) => ({ volume: v.name, users: users.get(v.name) ?? [] }));
}

/** `## Updates keep the data`: why a deploy never loses state, how to check it, what would. */
export function updateSection(model: DeploymentModel): string[] {
  const volumes = volumeMounts(model);
  if (!volumes.length || model.mode === 'local') return [];
  const dbs = postgresServices(model);
  const dump = model.ops?.backups.length ? '`./backup.sh`, then `./restore.sh`' : '`pg_dump`, then `pg_restore`';
  const check = dbs.map((db) => `docker compose exec ${db.service.name} psql -U ${db.user} -d ${db.database} -c 'select relname, n_live_tup from pg_stat_user_tables order by 1'`);
  return [
    '## Updates keep the data',
    '',
    `State lives in named volumes. An update (copy the folder again, then \`./deploy.sh\`) builds or pulls new images and recreates containers with \`docker compose up -d\`; volumes are never removed and keep their names (\`${model.name}_<volume>\`: the Compose project name is fixed in \`docker-compose.yml\`, so moving the folder changes nothing).`,
    '',
    '| volume | mounted by (service:path) |',
    '|---|---|',
    ...volumes.map((v) => `| ${v.volume} | ${v.users.join(', ') || '—'} |`),
    '',
    ...(check.length ? ['Compare row counts before and after an update:', '', ...block('sh', ...check), ''] : []),
    'What **does** delete data: `docker compose down -v`, `docker volume rm`, or `docker volume prune` while the stack is down. ' +
      (dbs.length ? `Init scripts and extensions run only on an empty data volume; a new PostgreSQL major version needs a dump and restore (${dump}), not just a new image tag.` : ''),
    '',
  ];
}
