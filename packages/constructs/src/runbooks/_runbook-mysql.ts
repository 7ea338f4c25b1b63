import type { DeploymentModel } from '../model/deployment-model.js';
import { literalOf, wholeSecretOf } from '../model/values.js';

const code = (text: string) => `\`${text}\``;
const block = (lang: string, ...body: string[]) => ['```' + lang, ...body, '```'];
const indent = (lines: string[]) => lines.map((l) => (l ? `  ${l}` : l));

/** The MariaDB and MySQL services of the stack (official images), with their variable prefix. */
export function mysqlServices(model: DeploymentModel) {
  return model.services
    .filter((s) => s.role === 'database' && /^(mariadb|mysql):/.test(s.image ?? ''))
    .map((s) => {
      const prefix = s.image!.startsWith('mariadb:') ? 'MARIADB' : 'MYSQL';
      const env = new Map(s.environment);
      const variable = (v: string) => (env.has(v) ? wholeSecretOf(env.get(v)!) : undefined);
      const literal = (v: string) => (env.has(v) ? literalOf(env.get(v)!) ?? '' : '');
      return {
        service: s,
        client: prefix === 'MARIADB' ? 'mariadb' : 'mysql',
        prefix,
        database: literal(`${prefix}_DATABASE`),
        user: literal(`${prefix}_USER`),
        passwordVariable: variable(`${prefix}_PASSWORD`),
        rootPasswordVariable: variable(`${prefix}_ROOT_PASSWORD`),
      };
    });
}

/** Entries of `## Database access` for MariaDB and MySQL: a SQL shell through `docker compose exec`. */
export function mysqlAccessLines(model: DeploymentModel, server: string, dir: string): string[] {
  const out: string[] = [];
  for (const db of mysqlServices(model)) {
    // The password goes from the container's environment to the client through MYSQL_PWD: on no command line.
    const shell = `docker compose exec ${db.service.name} sh -c 'MYSQL_PWD="$${db.prefix}_PASSWORD" ${db.client} -u"$${db.prefix}_USER" "$${db.prefix}_DATABASE"'`;
    const root = `docker compose exec ${db.service.name} sh -c 'MYSQL_PWD="$${db.prefix}_ROOT_PASSWORD" ${db.client} -uroot'`;
    out.push(
      `- **${db.service.name}** (${db.client === 'mariadb' ? 'MariaDB' : 'MySQL'}, database ${code(db.database)}, user ${code(db.user)}${db.passwordVariable ? `, password in ${code(db.passwordVariable)}` : ''}${db.rootPasswordVariable ? `; root's in ${code(db.rootPasswordVariable)}` : ''} of \`.env\`). A SQL shell as the application user, then as root, on the server:`,
      '',
      ...indent(block('sh', `ssh ${server}`, `cd ${dir}`, shell, root)),
      '',
      `  A desktop client (DBeaver, MySQL Workbench) needs a port to tunnel to: add \`ports: [{ container: 3306 }]\` to the database in \`infra.ts\` (published on 127.0.0.1 only; acknowledge the \`data-port-published\` warning), or an \`AdminTool\` of kind \`adminer\`.`,
      '',
    );
  }
  return out;
}
