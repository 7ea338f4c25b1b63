/**
 * The Swarm part of the deployment model, present only when the App targets `swarm`. The stack
 * renderer reads it beside the services; constructs fill it from {@link SwarmOptions}.
 */
export interface SwarmModel {
  /** Registry prefix of images built from source (`ghcr.io/acme`), if any. */
  readonly registry?: string;
  /** Variable holding the release tag, e.g. `RELEASE`. */
  readonly releaseVariable: string;
  /** Node label of the data node (stateful services are placed there). */
  readonly dataNodeLabel: string;
  readonly encryptedNetworks: boolean;
  /** `vip` (IPVS) or `dnsrr` (DNS round robin). */
  readonly endpointMode: 'vip' | 'dnsrr';
}

/** Swarm settings of one service (all optional: defaults come from the service itself). */
export interface ServiceSwarmModel {
  readonly updateOrder?: 'start-first' | 'stop-first';
  readonly placement?: readonly string[];
  readonly fileSecrets?: readonly string[];
  readonly mode?: 'replicated' | 'global';
}
