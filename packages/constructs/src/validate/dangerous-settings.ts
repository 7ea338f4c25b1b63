import type { ValidationProblem } from '@slipway/core';
import type { Mount, ServiceProps } from '../service.js';

/**
 * Legal settings that hand a container the host. Each is a warning with an id, so a deliberate
 * choice can be acknowledged: `Annotations.of(svc).acknowledge('docker-socket-writable', 'why')`.
 */
export const DANGER_IDS = {
  dockerSocket: 'docker-socket-writable',
  hostRoot: 'host-root-mount',
  rootSysAdmin: 'root-with-sys-admin',
  privileged: 'privileged-override',
  hostNamespace: 'host-namespace-override',
} as const;

const ROOT_USER = /^(root|0)(:|$)/;

/** Warnings for the dangerous settings of one service, overrides included. */
export function dangerousSettings(p: ServiceProps, mounts: readonly Mount[], overrides: ReadonlyArray<{ path: readonly string[]; value: unknown }>): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  for (const m of mounts) {
    if (!m || typeof m !== 'object' || !('bind' in m) || typeof m.bind !== 'string') continue;
    const source = m.bind.replace(/\/+$/, '') || '/';
    if (/(^|\/)docker\.sock$/.test(source) && !m.readOnly) {
      out.push({
        warning: DANGER_IDS.dockerSocket,
        message: `the Docker socket is mounted read-write on ${m.target}: the container controls every container and the host.`,
        fix: 'add readOnly: true (still powerful), or use a socket proxy that allows only the calls needed.',
      });
    }
    if (source === '/' && !m.readOnly) {
      out.push({
        warning: DANGER_IDS.hostRoot,
        message: `the host's root filesystem is mounted read-write on ${m.target}: the container can rewrite the host.`,
        fix: 'add readOnly: true, or mount only the folders the service needs (e.g. "/var/log").',
      });
    }
  }
  const caps = (p.capAdd ?? []).map((c) => String(c).replace(/^CAP_/, ''));
  const user = p.user === undefined ? undefined : String(p.user);
  if (user !== undefined && ROOT_USER.test(user) && (caps.includes('SYS_ADMIN') || caps.includes('ALL'))) {
    out.push({
      warning: DANGER_IDS.rootSysAdmin,
      message: `runs as root with capability ${caps.includes('ALL') ? 'ALL' : 'SYS_ADMIN'}, which is close to root on the host.`,
      fix: 'run as an unprivileged user (user: "1000:1000") and add only the capabilities the program needs.',
    });
  }
  for (const o of overrides) {
    const key = o.path.join('.');
    if (key === 'privileged' && o.value === true) {
      out.push({ warning: DANGER_IDS.privileged, message: 'an override makes the container privileged: it can do anything root on the host can.', fix: 'remove the override; add the single capability or device needed instead.' });
    }
    if (['network_mode', 'pid', 'ipc', 'userns_mode'].includes(key) && o.value === 'host') {
      out.push({
        warning: DANGER_IDS.hostNamespace,
        message: `an override sets ${key}: host, sharing the host's ${key === 'network_mode' ? 'network (and bypassing the proxy and firewall rules)' : 'namespace'}.`,
        fix: 'remove the override; publish a port or use a Domain instead.',
      });
    }
    if ((key === 'cap_add' && Array.isArray(o.value) && o.value.some((c) => /^(CAP_)?(SYS_ADMIN|ALL)$/.test(String(c)))) || (key === 'security_opt' && JSON.stringify(o.value ?? '').includes('unconfined'))) {
      out.push({ warning: DANGER_IDS.privileged, message: `an override sets ${key} to ${JSON.stringify(o.value)}, lifting the container's confinement.`, fix: 'remove the override; add the single capability needed through capAdd.' });
    }
  }
  return out;
}
