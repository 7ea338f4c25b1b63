/**
 * The parts of a Compose service Slipway renders, typed for overrides. Anything else the
 * Compose Specification allows can still be set: the index signature keeps the escape hatch open,
 * and the result is validated against the schema.
 */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string>; target?: string; additional_contexts?: Record<string, string> };
  depends_on?: Record<string, { condition: string; required?: boolean; restart?: boolean }>;
  volumes?: Array<string | Record<string, unknown>>;
  environment?: Record<string, string>;
  ports?: string[];
  networks?: string[] | Record<string, unknown>;
  command?: string[];
  entrypoint?: string[];
  restart?: string;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  logging?: { driver: string; options?: Record<string, string> };
  labels?: Record<string, string>;
  user?: string;
  cap_add?: string[];
  cap_drop?: string[];
  deploy?: { replicas?: number; resources?: { limits?: Record<string, string | number>; reservations?: Record<string, string | number> }; [k: string]: unknown };
  expose?: string[];
  pids_limit?: number;
  read_only?: boolean;
  security_opt?: string[];
  stop_grace_period?: string;
  tmpfs?: string[];
  [key: string]: unknown;
}

/** A whole Compose file. */
export interface ComposeDocument {
  name: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean; [k: string]: unknown }>;
  volumes?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
