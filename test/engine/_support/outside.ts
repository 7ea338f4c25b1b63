import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, must, sh } from './engine.js';

const NS = 'slipway-outside';
const HOST_IF = 'slw-out-h';
export const OUTSIDE_IP = '10.254.254.2';

/**
 * A stand-in for "the internet": a network namespace of the test's own on a veth pair, with an
 * HTTP server. A container that can reach it has egress; one on an `internal: true` network
 * must not. Traffic never leaves this machine.
 */
export class Outside {
  private server?: ChildProcess;

  async start(): Promise<void> {
    this.stop();
    must(`ip netns add ${NS}
      ip link add ${HOST_IF} type veth peer name slw-out-o
      ip link set slw-out-o netns ${NS}
      ip addr add 10.254.254.1/30 dev ${HOST_IF} && ip link set ${HOST_IF} up
      ip netns exec ${NS} ip addr add ${OUTSIDE_IP}/30 dev slw-out-o
      ip netns exec ${NS} ip link set slw-out-o up
      ip netns exec ${NS} ip link set lo up
      ip -o route get ${OUTSIDE_IP} | grep -q 'dev ${HOST_IF}'`);
    const dir = mkdtempSync(join(tmpdir(), 'slipway-outside-'));
    writeFileSync(join(dir, 'marker'), 'reached-outside\n');
    this.server = spawn('timeout', ['900', 'ip', 'netns', 'exec', NS, 'python3', '-m', 'http.server', '--bind', OUTSIDE_IP, '--directory', dir, '8080'], { stdio: 'ignore' });
    this.server.unref();
    const up = await eventually(() => sh(`curl -fsS -m 2 http://${OUTSIDE_IP}:8080/marker`).code === 0, 30, 300);
    if (!up) throw new Error('the outside stand-in did not start');
  }

  stop(): void {
    this.server?.kill('SIGKILL');
    this.server = undefined;
    sh(`ip link del ${HOST_IF} 2>/dev/null; ip netns del ${NS} 2>/dev/null; true`);
  }
}

/** A shell command (for a container) that fetches the outside marker, bounded to 3 s. */
export const FETCH_OUTSIDE = `wget -q -T 3 -t 1 -O- http://${OUTSIDE_IP}:8080/marker`;
