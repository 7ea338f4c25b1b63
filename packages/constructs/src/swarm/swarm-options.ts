/**
 * Options of the Swarm target: App-wide ({@link SwarmOptions}) and per service
 * ({@link ServiceSwarmOptions}). They only matter when the App's target is `swarm`.
 */

/** App-wide Swarm settings (`new App({ target: 'swarm', swarm: { … } })`). */
export interface SwarmOptions {
  /**
   * Registry (and namespace) the images built from source are pushed to and pulled from by
   * every node, e.g. `ghcr.io/acme` or `registry.example.com:5000/shop`. Required when a
   * service is built from source.
   * @default none
   */
  readonly registry?: string;
  /**
   * Variable holding the image tag of a release; `stack.yml` reads `${RELEASE:?…}` and
   * `deploy-stack.sh` sets it (git commit, else a UTC timestamp).
   * @default `RELEASE`
   */
  readonly releaseVariable?: string;
  /**
   * Node label that marks the node holding the stateful services' volumes (databases, caches,
   * the proxy's certificates). Stateful services are placed with
   * `node.labels.<label> == true`.
   * @default `<app name>-data`
   */
  readonly dataNodeLabel?: string;
  /**
   * Encrypt overlay network traffic between nodes (IPsec; nodes must allow ESP, IP protocol
   * 50). Turning it off gives the `swarm-unencrypted-overlay` warning.
   * @default true
   */
  readonly encryptedNetworks?: boolean;
  /**
   * How services find each other: `vip` (a virtual IP per service, balanced by the kernel's
   * IPVS) or `dnsrr` (DNS round robin over the tasks' addresses), for kernels without IPVS or
   * an external load balancer. With `dnsrr`, a service publishing a port through the routing
   * mesh keeps `vip` (Swarm refuses that combination; warning `swarm-dnsrr-ingress`).
   * @default 'vip'
   */
  readonly endpointMode?: 'vip' | 'dnsrr';
}

/** Per-service Swarm settings (`new Service(app, 'api', { …, swarm: { … } })`). */
export interface ServiceSwarmOptions {
  /**
   * Order of a rolling update.
   * @default `start-first` for stateless services without a host port (no downtime), `stop-first` otherwise (a volume or a host port cannot be shared by the old and the new task)
   */
  readonly updateOrder?: 'start-first' | 'stop-first';
  /**
   * Placement constraints, replacing the default (stateful services on the data node), e.g.
   * `['node.hostname == db1']`.
   * @default data-node label for stateful services, none otherwise
   */
  readonly placement?: readonly string[];
  /**
   * Variables this image can read from a file named by `<VAR>_FILE` (as the official
   * postgres, mysql and mariadb images do). Those secrets are passed as Swarm secret files
   * instead of environment values.
   * @default known for a few official images, none otherwise
   */
  readonly fileSecrets?: readonly string[];
  /**
   * `global` runs one task on every node (agents, exporters).
   * @default `replicated`
   */
  readonly mode?: 'replicated' | 'global';
}
