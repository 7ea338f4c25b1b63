import type { ServiceProps } from '../service.js';
import { imageCapabilities } from './image-capabilities.js';

/** Warning id of a service that keeps Docker's default capabilities (`dropCapabilities: false`). */
export const CAPABILITIES_KEPT = 'capabilities-not-dropped';

/**
 * `cap_drop` and `cap_add` of a service. By default every capability is dropped and only those the
 * image's entry point needs are added back (`IMAGE_CAPABILITIES`). `capAdd` given replaces the
 * image's list; `capDrop` given replaces `[ALL]`; `dropCapabilities: false` keeps Docker's default
 * set (plus `capAdd`).
 */
export function capabilitiesOf(p: ServiceProps): { capDrop: string[]; capAdd: string[] } {
  const list = (x: unknown): string[] | undefined => (Array.isArray(x) ? x.map(String) : undefined);
  const drop = p.dropCapabilities !== false;
  const capDrop = list(p.capDrop) ?? (drop ? ['ALL'] : []);
  const capAdd = list(p.capAdd) ?? (drop ? [...imageCapabilities(p.image)] : []);
  return { capDrop, capAdd: [...new Set(capAdd)].sort() };
}
