import type { ValidationProblem } from '@slipway/core';
import { shown, singleLineProblem } from '../formats/text.js';

type Problems = ValidationProblem[];

/** MySQL and MariaDB read sizes as a whole number with an optional K, M, G or T suffix. */
const MYSQL_SIZE = /^[1-9]\d*[KMGT]?$/;

/** Why `size` is not a MySQL size option value, or undefined. */
export function mysqlSizeProblem(size: unknown): string | undefined {
  return typeof size === 'string' && MYSQL_SIZE.test(size) ? undefined : `${shown(size)} is not a MySQL size`;
}

/** Bytes in a MySQL size (`256M`), or undefined. */
export function mysqlBytes(size: string): number | undefined {
  const m = /^(\d+)([KMGT]?)$/.exec(size);
  return m ? Number(m[1]) * 1024 ** ' KMGT'.indexOf(m[2] || ' ') : undefined;
}

/** Server options Slipway sets or relies on: changing them breaks the wiring or the security. */
const MANAGED: Readonly<Record<string, string>> = {
  port: 'other services reach the server on 3306',
  'bind-address': 'the server must listen on its internal network',
  'skip-networking': 'other services connect over TCP',
  'skip-grant-tables': 'it disables every password',
  datadir: 'the data volume is mounted at the image default',
  socket: 'the health check and the backup use the default socket',
  'innodb-buffer-pool-size': 'it has its own property, innodbBufferPoolSize',
  'max-connections': 'it has its own property, maxConnections',
  'character-set-server': 'it has its own property, characterSet',
  'collation-server': 'it has its own property, collation',
};

const OPTION = /^[a-z][a-z0-9_-]*$/;

/** Problems of a `tuning` map of a MySQL or MariaDB server. */
export function mysqlTuningProblems(tuning: unknown): Problems {
  if (tuning === undefined) return [];
  if (typeof tuning !== 'object' || tuning === null || Array.isArray(tuning)) {
    return [{ message: `tuning must be an object of server options, got ${shown(tuning)}.`, fix: `write tuning: { 'long-query-time': 2 }.` }];
  }
  const out: Problems = [];
  for (const [key, value] of Object.entries(tuning)) {
    const dashed = key.replace(/_/g, '-');
    if (!OPTION.test(key)) {
      out.push({ message: `tuning key ${shown(key)} is not a server option name.`, fix: `use the option name without leading dashes, e.g. 'long_query_time'.` });
      continue;
    }
    if (Object.hasOwn(MANAGED, dashed)) {
      out.push({ message: `tuning sets "${key}", which Slipway manages: ${MANAGED[dashed]}.`, fix: `remove "${key}" from tuning${MANAGED[dashed]!.startsWith('it has') ? ' and set that property' : ''}.` });
      continue;
    }
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || (typeof value === 'number' && !Number.isFinite(value))) {
      out.push({ message: `tuning "${key}" is ${shown(value)}, not a string or a number.`, fix: `write "${key}": '…' or a number.` });
    } else if (text === '' || singleLineProblem(text)) {
      out.push({ message: `tuning "${key}" ${text === '' ? 'is empty' : singleLineProblem(text)}.`, fix: `write one value on one line, e.g. "${key}": 2.` });
    }
  }
  return out;
}
