import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EngineStack } from './stack.js';

/** Linux capability numbers (linux/capability.h), for the bit masks of /proc/<pid>/status. */
const NUMBERS: Record<string, number> = {
  CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7, SETPCAP: 8, LINUX_IMMUTABLE: 9,
  NET_BIND_SERVICE: 10, NET_BROADCAST: 11, NET_ADMIN: 12, NET_RAW: 13, IPC_LOCK: 14, IPC_OWNER: 15, SYS_MODULE: 16, SYS_RAWIO: 17,
  SYS_CHROOT: 18, SYS_PTRACE: 19, SYS_PACCT: 20, SYS_ADMIN: 21, SYS_BOOT: 22, SYS_NICE: 23, SYS_RESOURCE: 24, SYS_TIME: 25,
  SYS_TTY_CONFIG: 26, MKNOD: 27, LEASE: 28, AUDIT_WRITE: 29, AUDIT_CONTROL: 30, SETFCAP: 31,
};

export function capabilityMask(names: readonly string[]): bigint {
  let mask = 0n;
  for (const n of names) {
    const bit = NUMBERS[n.replace(/^CAP_/, '')];
    if (bit === undefined) throw new Error(`unknown capability ${n}`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}

export function capabilityNames(mask: bigint): string[] {
  return Object.entries(NUMBERS).filter(([, bit]) => (mask >> BigInt(bit)) & 1n).map(([n]) => n).sort();
}

/** What the generated docker-compose.yml promises for a service. */
export function promised(stack: EngineStack, service: string): { capAdd: string[]; capDrop: string[]; readOnly: boolean } {
  const compose = parse(readFileSync(join(stack.dir, 'docker-compose.yml'), 'utf8'));
  const s = compose.services[service];
  return { capAdd: [...(s.cap_add ?? [])].sort(), capDrop: s.cap_drop ?? [], readOnly: s.read_only === true };
}

/**
 * The bounding set, effective set and uid of every process of a service's container but the probe
 * itself: no process can ever hold a capability outside the bounding set.
 */
export function processCapabilities(stack: EngineStack, service: string): Array<{ pid: number; uid: number; bounding: string[]; effective: string[] }> {
  const r = stack.exec(service, 'for f in /proc/[0-9]*/status; do p=${f#/proc/}; p=${p%/status}; [ "$p" = $$ ] && continue; printf "%s " "$p"; grep -E "^(Uid|CapEff|CapBnd):" "$f" 2>/dev/null | tr "\\n\\t" "  "; echo; done');
  if (r.code !== 0) throw new Error(`${service}: reading /proc failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /CapBnd/.test(line))
    .map((line) => {
      const pid = Number(line.split(' ')[0]);
      const uid = Number(/Uid:\s+(\d+)/.exec(line)![1]);
      const eff = BigInt(`0x${/CapEff:\s+([0-9a-f]+)/.exec(line)![1]}`);
      const bnd = BigInt(`0x${/CapBnd:\s+([0-9a-f]+)/.exec(line)![1]}`);
      return { pid, uid, bounding: capabilityNames(bnd), effective: capabilityNames(eff) };
    });
}
