import { plainValues } from '../compose/compose-checks.js';
import type { DocumentProblem } from '@slipway/core';
import { SECRET_LIKE_NAME } from '../_naming.js';
import { validateComposeDocument } from '../compose/compose-schema.js';
import type { DeploymentModel } from '../model/deployment-model.js';
import type { StackDocument } from './stack-types.js';
import { SWARM_FORBIDDEN_KEYS, SWARM_IGNORED_KEYS } from './translate-service.js';

/**
 * Checks on the final `stack.yml` (after overrides): it matches the Compose Specification,
 * uses no key Swarm ignores or refuses, holds no literal secret, and no two services publish
 * the same port (Swarm publishes a port once for the whole cluster).
 */
export function checkStackDocument(doc: StackDocument, model: DeploymentModel): DocumentProblem[] {
  const pathOf = (service: string) => model.services.find((s) => s.name === service)?.path;
  const out: DocumentProblem[] = validateComposeDocument(doc).map((m) => ({
    path: pathOf(/^\/services\/([^/]+)/.exec(m)?.[1] ?? ''),
    message: `does not match the Compose Specification: ${m}.`,
    fix: 'check the overrides (addOverride) on this service against the Compose Specification.',
  }));
  const isPlain = plainValues(model);
  const published = new Map<string, string>();
  for (const [name, service] of Object.entries(doc.services)) {
    for (const key of Object.keys(service)) {
      if ((SWARM_IGNORED_KEYS as readonly string[]).includes(key) || (SWARM_FORBIDDEN_KEYS as readonly string[]).includes(key)) {
        out.push({ path: pathOf(name), message: `service "${name}" sets "${key}", which docker stack deploy ignores or refuses.`, fix: 'see docs/swarm.md for the Swarm equivalent.' });
      }
    }
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (isPlain(name, key, value)) continue;
      if (SECRET_LIKE_NAME.test(key) && !key.endsWith('_FILE') && typeof value === 'string' && value !== '' && !value.includes('${')) {
        out.push({ path: pathOf(name), message: `"${key}" holds a literal secret in stack.yml.`, fix: 'pass it as a Secret instead of a literal or an override.' });
      }
    }
    for (const port of (service.ports ?? []) as unknown as Array<{ published?: number; protocol?: string }>) {
      const key = `${port.published}/${port.protocol ?? 'tcp'}`;
      const other = published.get(key);
      if (other && other !== name) {
        out.push({ path: pathOf(name), message: `port ${key} is also published by service "${other}" on the cluster.`, fix: 'give one of them another port, or route both through Domains.' });
      }
      published.set(key, name);
    }
  }
  return out;
}
