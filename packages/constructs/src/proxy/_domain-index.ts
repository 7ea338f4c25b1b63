import { Aspects, App as CoreApp } from '@slipway/core';
import type { IConstruct } from 'constructs';
import type { Domain } from '../domain.js';
import { Service } from '../service.js';

// By its symbol: importing Domain here would be circular (domain.ts imports the checks).
const isDomain = (c: IConstruct): c is Domain => Symbol.for('@slipway/constructs.Domain') in c;

/**
 * What the Domain checks look up, from one walk of an App's tree. Walking the tree once per Domain
 * made a synth with a Domain per service quadratic (100 s at 5000 services).
 */
export interface DomainIndex {
  /** The first service (tree order) with each Compose name. */
  readonly serviceByName: ReadonlyMap<string, Service>;
  readonly services: ReadonlySet<Service>;
  /** Tree order of every Domain. */
  readonly position: ReadonlyMap<Domain, number>;
  /** Domains (tree order) that serve a host or redirect from it. */
  readonly claimants: ReadonlyMap<string, readonly Domain[]>;
  /** Domains (tree order) that serve a host. */
  readonly servers: ReadonlyMap<string, readonly Domain[]>;
}

const CACHE = new WeakMap<CoreApp, DomainIndex>();
const WATCHED = new WeakSet<IConstruct>();

/**
 * The index of the App holding `domain`, built on first use in a synth. Checks and the proxy model
 * run after aspects, when the tree no longer changes; an aspect drops the index at the start of
 * the next synth, so a tree changed between synths (tests, `--watch`) is walked again.
 */
export function domainIndex(domain: Domain): DomainIndex {
  const app = CoreApp.of(domain);
  let index = CACHE.get(app);
  // A Domain missing from the index means the index predates it (used outside a synth): rebuild.
  if (!index || !index.position.has(domain)) {
    index = build(app);
    CACHE.set(app, index);
    watch(app, domain.proxy);
  }
  return index;
}

/** Drops the App's index whenever aspects run, i.e. at the start of every synth. */
function watch(app: CoreApp, proxy: IConstruct): void {
  if (WATCHED.has(proxy)) return;
  WATCHED.add(proxy);
  // On the proxy (few descendants), not the App: an App-wide aspect would visit every construct.
  Aspects.of(proxy).add({ visit: (node) => node === proxy && CACHE.delete(app) });
}

function build(app: CoreApp): DomainIndex {
  const serviceByName = new Map<string, Service>();
  const services = new Set<Service>();
  const position = new Map<Domain, number>();
  const claimants = new Map<string, Domain[]>();
  const servers = new Map<string, Domain[]>();
  const add = (map: Map<string, Domain[]>, host: string, d: Domain) => {
    const list = map.get(host);
    if (!list) map.set(host, [d]);
    else if (list[list.length - 1] !== d) list.push(d);
  };
  for (const c of app.node.findAll()) {
    if (Service.isService(c)) {
      services.add(c);
      if (!serviceByName.has(c.name)) serviceByName.set(c.name, c);
    } else if (isDomain(c)) {
      const d = c;
      position.set(d, position.size);
      for (const h of d.servedHosts) {
        add(servers, h, d);
        add(claimants, h, d);
      }
      for (const r of d.redirects) add(claimants, r.from, d);
    }
  }
  return { serviceByName, services, position, claimants, servers };
}
