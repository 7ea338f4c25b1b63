import type { ValidationProblem } from '@slipway/core';
import type { ComposeService } from '../compose/compose-types.js';
import type { BuildModel } from '../model/deployment-model.js';

/** One service of `stack.yml`: a Compose service as `docker stack deploy` reads it. */
export type StackService = ComposeService;

/** `stack.yml`: the Compose Specification subset Swarm honours. */
export interface StackDocument {
  services: Record<string, StackService>;
  networks?: Record<string, Record<string, unknown>>;
  volumes?: Record<string, Record<string, unknown>>;
  secrets?: Record<string, Record<string, unknown>>;
  configs?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** A problem of the Swarm translation; `service` names the service at fault (else the App). */
export interface SwarmProblem extends ValidationProblem {
  readonly service?: string;
}

/** A file of the output folder (or of the project) shipped as a Swarm config. */
export interface StackConfig {
  /** Key in `stack.yml` (`nginx-nginx-conf`). */
  readonly key: string;
  /** Path relative to the output folder (`./nginx/nginx.conf`). */
  readonly file: string;
  /** Variable the deploy script sets to the file's content hash (immutable configs rotate by name). */
  readonly versionVariable: string;
}

/** A service whose image the deploy script builds and pushes. */
export interface StackImage {
  readonly service: string;
  /** `ghcr.io/acme/shop-api` (without tag). */
  readonly repository: string;
  readonly build: BuildModel;
}

/** How one single-host feature was carried over to Swarm, for the runbook. */
export interface TranslationNote {
  readonly service: string;
  readonly text: string;
}

/** Everything the Swarm renderers need, computed once from the model. */
export interface StackTranslation {
  readonly doc: StackDocument;
  readonly problems: readonly SwarmProblem[];
  readonly configs: readonly StackConfig[];
  /** `.env` variables shipped as Swarm secrets, sorted. */
  readonly secrets: readonly string[];
  /** `.env` variables `stack.yml` interpolates at deploy time (secrets that must stay env values), sorted. */
  readonly interpolated: readonly string[];
  readonly images: readonly StackImage[];
  readonly notes: readonly TranslationNote[];
  /** Services placed on the data node, sorted. */
  readonly pinned: readonly string[];
}
