import type { ValidationProblem } from '@slipway/core';
import { shown } from '../formats/text.js';
import type { ServiceProps } from '../service.js';
import { CAPABILITIES_KEPT } from './capability-defaults.js';

/** Warning id of a capability that Docker itself does not grant by default. */
export const EXTRA_CAPABILITY = 'extra-capability';

/** Docker's default capability set: what a container holds when nothing is dropped. */
const DOCKER_DEFAULT = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Types of the hardening switches, and warnings for loosened capabilities. */
export function capabilityProblems(p: ServiceProps): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  for (const key of ['dropCapabilities', 'readOnlyRootFilesystem'] as const) {
    const v = p[key];
    if (v !== undefined && typeof v !== 'boolean') out.push({ message: `${key} ${shown(v)} is not true or false.`, fix: `set ${key}: false to turn it off, or leave it out.` });
  }
  if (p.dropCapabilities === false) {
    out.push({
      warning: CAPABILITIES_KEPT,
      message: "keeps Docker's default capabilities (dropCapabilities: false): CHOWN, DAC_OVERRIDE, SETUID, NET_RAW and the rest stay available to anything that runs in the container.",
      fix: 'leave dropCapabilities out (every capability dropped, the image\'s own needs added back) and list any other one in capAdd.',
    });
  }
  const extra = (Array.isArray(p.capAdd) ? p.capAdd : []).map((c) => String(c).replace(/^CAP_/, '')).filter((c) => !DOCKER_DEFAULT.has(c));
  if (extra.length) {
    out.push({
      warning: EXTRA_CAPABILITY,
      message: `capAdd grants ${extra.join(', ')}, beyond what Docker gives any container by default.`,
      fix: `remove ${extra.length > 1 ? 'them' : 'it'} unless the program needs ${extra.length > 1 ? 'them' : 'it'}; then acknowledge: Annotations.of(svc).acknowledge('${EXTRA_CAPABILITY}', 'why').`,
    });
  }
  return out;
}
