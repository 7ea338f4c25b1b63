import type { ValidationProblem } from '@slipway/core';
import type { Service } from './service.js';
import { imageReferenceProblem } from './validate/image-reference.js';

const FLOATING_TAGS = new Set(['latest', 'stable', 'edge', 'nightly', 'dev', 'beta', 'canary', 'lts', 'test']);

/** An image must name a concrete tag or digest, so that deploys are repeatable. */
export function checkImage(image: string): ValidationProblem[] {
  if (typeof image !== 'string') return [{ message: `image ${JSON.stringify(image)} is not a string.`, fix: `write image: 'name:1.2.3'.` }];
  const invalid = imageReferenceProblem(image);
  if (invalid) return [{ message: `image ${JSON.stringify(image)} ${invalid}.`, fix: `write a reference such as "ghcr.io/acme/api:1.4.2" or "postgres:16.4-alpine".` }];
  if (image.includes('@sha256:')) return [];
  const last = image.split('/').pop() ?? image;
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
  if (tag === undefined) {
    return [{ message: `image "${image}" has no tag, so every pull may get a different version.`, fix: `pin a version, e.g. "${image}:1.2.3".` }];
  }
  // `latest-alpine`, `stable-slim`: still floating, only the variant is fixed.
  if (FLOATING_TAGS.has(tag) || FLOATING_TAGS.has(tag.split('-')[0]!)) {
    return [{ message: `image "${image}" uses the floating tag "${tag}".`, fix: `pin a version, e.g. "${image.slice(0, image.length - tag.length)}1.2.3".` }];
  }
  return [];
}

/** Published ports: valid numbers, public ones flagged, data services kept private. */
export function checkPorts(service: Service): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const valid = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1 && n <= 65535);
  if (!valid(service.port)) out.push({ message: `port ${service.port} is not a valid port.`, fix: 'use a whole number from 1 to 65535.' });
  const ports = Array.isArray(service.props.ports) ? service.props.ports : [];
  for (const p of ports) {
    if (!valid(p.container) || !valid(p.host)) {
      out.push({ message: `port mapping ${p.host ?? p.container}:${p.container} is not valid.`, fix: 'use whole numbers from 1 to 65535.' });
    }
    if (p.public && service.role !== 'proxy') {
      out.push({
        warning: 'public-port',
        message: `port ${p.host ?? p.container} is published on every interface, reachable from the internet.`,
        fix: 'route it through a Domain behind the proxy, or drop public: true to bind 127.0.0.1 (reach it with an SSH tunnel).',
      });
    }
    if ((service.role === 'database' || service.role === 'cache') && !p.public) {
      out.push({
        warning: 'data-port-published',
        message: `the ${service.role} publishes port ${p.host ?? p.container} on 127.0.0.1.`,
        fix: 'prefer `docker compose exec` or an SSH tunnel to an AdminTool; remove the port if nothing on the host needs it.',
      });
    }
  }
  if ((service.props.replicas ?? 1) > 1 && ports.length > 0) {
    out.push({
      message: `${service.props.replicas} replicas cannot all publish the same host port.`,
      fix: 'remove the published ports and route through a Domain, or use one replica.',
    });
  }
  return out;
}
