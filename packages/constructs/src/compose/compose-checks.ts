import type { DocumentProblem } from '@slipway/core';
import { SECRET_LIKE_NAME } from '../_naming.js';
import { composeValue } from '../formats/compose.js';
import type { DeploymentModel } from '../model/deployment-model.js';
import type { ComposeDocument } from './compose-types.js';
import { validateComposeDocument } from './compose-schema.js';

/**
 * Checks on the final Compose document, after overrides: it must match the Compose Specification,
 * hold no literal secret, and publish ports without clashes. It runs on the object the file is
 * written from (the YAML writer's round trip is tested separately), so no re-parse is needed.
 */
export function checkComposeDocument(doc: ComposeDocument, model: DeploymentModel): DocumentProblem[] {
  const paths = new Map(model.services.map((s) => [s.name, s.path]));
  const isPlain = plainValues(model);
  const pathOf = (service: string) => paths.get(service);
  const out: DocumentProblem[] = validateComposeDocument(doc).map((m) => {
    const service = /^\/services\/([^/]+)/.exec(m)?.[1];
    return {
      path: service ? pathOf(service) : undefined,
      message: `does not match the Compose Specification: ${m}.`,
      fix: 'check the overrides (addOverride) on this service against the Compose Specification.',
    };
  });
  const published = new Map<string, string>();
  for (const [name, service] of Object.entries(doc.services ?? {})) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (isPlain(name, key, value)) continue;
      if (SECRET_LIKE_NAME.test(key) && typeof value === 'string' && value !== '' && !value.includes('${')) {
        out.push({ path: pathOf(name), message: `"${key}" holds a literal secret in the Compose file.`, fix: 'pass it as a Secret instead of a literal or an override.' });
      }
    }
    for (const port of service.ports ?? []) {
      const key = hostBinding(String(port));
      const other = published.get(key);
      if (other && other !== name) {
        out.push({ path: pathOf(name), message: `host port ${key} is also published by service "${other}".`, fix: 'give one of them another host port, or route both through Domains.' });
      }
      published.set(key, name);
    }
  }
  return out;
}

/**
 * True for a value the user marked with `plain()` (unchanged by overrides): public on purpose,
 * like `MARIADB_RANDOM_ROOT_PASSWORD: plain('1')`, so the literal-secret check lets it through.
 */
export function plainValues(model: DeploymentModel): (service: string, key: string, value: unknown) => boolean {
  const values = new Map<string, string | undefined>();
  for (const s of model.services) {
    for (const k of s.plainVariables ?? []) {
      const value = s.environment.find(([n]) => n === k)?.[1];
      values.set(`${s.name}/${k}`, value && composeValue(value));
    }
  }
  return (service, key, value) => values.has(`${service}/${key}`) && values.get(`${service}/${key}`) === value;
}

/** `127.0.0.1:8080:80` → `8080/tcp` (two bindings of one port clash whatever the address). */
function hostBinding(port: string): string {
  const [spec, proto = 'tcp'] = port.split('/');
  const parts = spec!.split(':');
  return `${parts[parts.length - 2] ?? parts[0]}/${proto}`;
}
