import { Annotations } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from '../health-check.js';
import type { Postgres } from '../postgres.js';
import { MySqlCompatible } from '../mysql-compatible.js';
import { Secret } from '../secret.js';
import { Service } from '../service.js';
import { Volume } from '../volume.js';
import { unknownKeys } from '../validate/known-keys.js';

/** Which database UI. */
export type AdminToolKind = 'pgadmin' | 'adminer';

/** Properties of an {@link AdminTool}. */
export interface AdminToolProps {
  /**
   * @default `adminer` (small, stateless)
   */
  readonly kind?: AdminToolKind;
  /** Databases the tool can reach (it joins their internal networks). pgAdmin: Postgres only; Adminer: also MariaDb and MySql. */
  readonly databases: ReadonlyArray<Postgres | MySqlCompatible>;
  /**
   * Port on the server's 127.0.0.1 to reach it through an SSH tunnel.
   * @default 5050 (pgAdmin), 8081 (Adminer)
   */
  readonly localPort?: number;
  /** pgAdmin login e-mail. Required for pgAdmin. */
  readonly email?: string;
}

const ADMIN_TOOL_SYMBOL = Symbol.for('@slipway/constructs.AdminTool');

/** Pinned images. */
export const ADMIN_TOOL_IMAGES: Readonly<Record<AdminToolKind, string>> = {
  pgadmin: 'dpage/pgadmin4:8.12',
  adminer: 'adminer:4.8.1-standalone',
};

/** Where pgAdmin's server list is written in the output folder. */
export const PGADMIN_SERVERS_FILE = 'admin/pgadmin-servers.json';

/**
 * A database UI (pgAdmin or Adminer) for admins only: published on the server's 127.0.0.1, never
 * on the internet. The runbook gives the SSH tunnel command (`ssh -L 5050:127.0.0.1:5050 …`).
 *
 * @example
 * new AdminTool(app, 'pgadmin', { kind: 'pgadmin', databases: [db], email: 'ops@example.com' });
 */
export class AdminTool extends Service {
  static isAdminTool(x: unknown): x is AdminTool {
    return typeof x === 'object' && x !== null && ADMIN_TOOL_SYMBOL in x;
  }

  readonly kind: AdminToolKind;
  readonly localPort: number;
  readonly databases: ReadonlyArray<Postgres | MySqlCompatible>;
  readonly email?: string;
  readonly password?: Secret;

  constructor(scope: Construct, id: string, props: AdminToolProps = {} as AdminToolProps) {
    props ??= {} as AdminToolProps; // null from a JavaScript caller: reported below (no databases)
    const databases: ReadonlyArray<Postgres | MySqlCompatible> = Array.isArray(props?.databases) ? props.databases : [];
    const kind = props.kind ?? 'adminer';
    const containerPort = kind === 'pgadmin' ? 80 : 8080;
    const localPort = props.localPort ?? (kind === 'pgadmin' ? 5050 : 8081);
    super(scope, id, {
      image: ADMIN_TOOL_IMAGES[kind],
      role: 'tool',
      port: containerPort,
      ports: [{ container: containerPort, host: localPort }],
      healthCheck:
        kind === 'pgadmin'
          ? HealthCheck.http(80, '/misc/ping', 'wget', { startPeriod: '60s' })
          : HealthCheck.command(['php', '-r', `exit(@file_get_contents('http://127.0.0.1:8080/') === false ? 1 : 0);`]),
    });
    Object.defineProperty(this, ADMIN_TOOL_SYMBOL, { value: true });
    this.kind = kind;
    this.localPort = localPort;
    this.databases = databases;
    this.email = props.email;
    for (const db of databases) this.addDependency(db);

    if (kind === 'pgadmin') {
      this.password = new Secret(this, 'password', { generate: 'alnum-24', description: `pgAdmin login password of ${props.email ?? 'the admin'}` });
      this.addEnv('PGADMIN_DEFAULT_EMAIL', props.email ?? '');
      this.addEnv('PGADMIN_DEFAULT_PASSWORD', this.password);
      this.addEnv('PGADMIN_DISABLE_POSTFIX', 'true');
      this.addEnv('PGADMIN_CONFIG_SERVER_MODE', 'True');
      this.addMount({ outputFile: PGADMIN_SERVERS_FILE, target: '/pgadmin4/servers.json', readOnly: true });
      this.addMount({ volume: new Volume(this, 'data'), target: '/var/lib/pgadmin' });
    } else if (databases[0]) {
      this.addEnv('ADMINER_DEFAULT_SERVER', databases[0].host);
    }

    const a = Annotations.of(this);
    if (!Object.hasOwn(ADMIN_TOOL_IMAGES, kind)) a.addError(`AdminTool kind ${JSON.stringify(kind)} is unknown.`, `use one of: ${Object.keys(ADMIN_TOOL_IMAGES).join(', ')}.`);
    for (const p of unknownKeys(props, ['kind', 'databases', 'localPort', 'email'], 'an AdminTool')) a.addError(p.message, p.fix);
    if (!databases.length) a.addError('an AdminTool needs at least one database.', 'set databases: [db].');
    const mysqls = databases.filter((d) => MySqlCompatible.isMySqlCompatible(d));
    if (kind === 'pgadmin' && mysqls.length) {
      a.addError(`pgAdmin manages PostgreSQL only; ${mysqls.map((d) => d.node.path).join(', ')} ${mysqls.length > 1 ? 'are' : 'is'} ${mysqls[0]!.engine === 'mysql' ? 'MySQL' : 'MariaDB'}.`, `use kind: 'adminer' for MariaDB and MySQL (it also manages PostgreSQL), or a second AdminTool.`);
    }
    if (kind === 'pgadmin' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email ?? '')) {
      a.addError('pgAdmin needs a login e-mail.', `set email: 'you@example.com'.`);
    }
    if (!Number.isInteger(localPort) || localPort < 1024 || localPort > 65535) {
      a.addError(`localPort must be a port from 1024 to 65535, got ${localPort}.`, 'set localPort: 5050.');
    }
  }
}
