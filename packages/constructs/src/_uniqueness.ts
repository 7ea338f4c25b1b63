import type { ValidationProblem } from '@slipway/core';
import type { IConstruct } from 'constructs';
import { Network } from './network.js';
import { Secret } from './secret.js';
import { Service } from './service.js';
import { Volume } from './volume.js';
import { dataNetworkOf, isDataRole } from './model/build-model.js';

/**
 * Names that must be unique across the whole App: service, volume and network names, secret
 * variables, and host ports. Each clash is reported once, naming both constructs.
 */
export function checkUniqueness(root: IConstruct, display: (c: IConstruct) => string): ValidationProblem[] {
  const all = root.node.findAll();
  const out: ValidationProblem[] = [];
  const unique = (kind: string, items: Array<{ key: string; owner: IConstruct }>, fix: string) => {
    const seen = new Map<string, IConstruct>();
    for (const { key, owner } of items) {
      const first = seen.get(key);
      const reserved = Service.isService(first) && first.role === 'proxy' ? ' (reserved for the reverse proxy that Domains create)' : '';
      if (first) out.push({ message: `${display(owner)}: ${kind} "${key}" is also used by ${display(first)}${reserved}.`, fix });
      else seen.set(key, owner);
    }
  };
  const services = all.filter(Service.isService);
  unique('service name', services.map((s) => ({ key: s.name, owner: s })), 'give one of them another id or a `name`.');
  unique('volume name', all.filter(Volume.isVolume).map((v) => ({ key: v.name, owner: v })), 'give one of them another id or a `name`.');
  unique(
    'network name',
    all.filter(Network.isNetwork).map((n) => ({ key: n.name, owner: n })),
    'give one of them another id or a `name` (names ending in "-net" are taken by databases and caches).',
  );
  const dataNetworks = new Map(services.filter((s) => isDataRole(s.role)).map((s) => [dataNetworkOf(s), s] as const));
  for (const n of all.filter(Network.isNetwork)) {
    const owner = dataNetworks.get(n.name);
    if (owner) {
      out.push({
        message: `${display(n)}: network name "${n.name}" is the internal network Slipway creates for ${display(owner)}${n.internal ? '' : ' (and yours is not internal)'}.`,
        fix: `give the Network another name; services reach ${owner.name} through its reference (e.g. ${owner.name}.url), which joins them to "${n.name}".`,
      });
    }
  }
  unique('environment variable', all.filter(Secret.isSecret).map((s) => ({ key: s.variable, owner: s })), 'set `envName` on one of the secrets.');
  unique(
    'host port',
    services.flatMap((s) => (Array.isArray(s.props.ports) ? s.props.ports : []).map((p) => ({ key: `${p.host ?? p.container}/${p.protocol ?? 'tcp'}`, owner: s }))),
    'publish one of them on another host port, or route both through Domains.',
  );
  return out;
}
