import { Annotations } from '@slipway/core';
import { Construct } from 'constructs';
import type { HostModel } from '../model/ops-model.js';

/** Properties of a {@link Host}. */
export interface HostProps {
  /** Public SSH keys (one line each, `ssh-ed25519 AAAA… you@laptop`) allowed to log in as the deploy user. */
  readonly sshKeys: readonly string[];
  /**
   * Addresses or CIDRs allowed to reach SSH, e.g. `['203.0.113.7', '198.51.100.0/24']`. Use
   * `['0.0.0.0/0', '::/0']` to allow anyone (the `ssh-open-to-all` warning).
   */
  readonly sshAllowFrom: readonly string[];
  /**
   * Non-root user that owns the deployment.
   * @default `deploy`
   */
  readonly deployUser?: string;
  /**
   * Machine host name.
   * @default the App name
   */
  readonly hostname?: string;
  /**
   * Let the deploy user run `sudo` without a password (it has no password).
   * @default true
   */
  readonly sudo?: boolean;
  /**
   * Time zone.
   * @default `UTC` (backup schedules are UTC too)
   */
  readonly timezone?: string;
  /**
   * Public IPv4 address, for the runbook's DNS records.
   * @default a placeholder
   */
  readonly ipv4?: string;
  /**
   * Public IPv6 address, for AAAA records.
   * @default none
   */
  readonly ipv6?: string;
  /**
   * Folder on the server that holds the output folder.
   * @default `/home/<deployUser>/<app>`
   */
  readonly directory?: string;
}

const HOST_SYMBOL = Symbol.for('@slipway/constructs.Host');
const KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/=]+( [^\u0000-\u001f\u007f-\u009f\u2028\u2029]{0,256})?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const CIDR4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([12]?\d|3[0-2]))?$/;
const CIDR6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*(\/(\d|[1-9]\d|1[01]\d|12[0-8]))?$/;
const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The server the stack runs on. Synth writes `host/user-data.yaml` (cloud-init, for a new VPS)
 * and `host/bootstrap.sh` (the same steps, for an existing Debian or Ubuntu machine): Docker
 * with the Compose plugin, a non-root deploy user that logs in with SSH keys only, no root or
 * password login, a firewall (SSH from the given addresses, 80/443 open, the rest closed),
 * unattended security upgrades and fail2ban.
 *
 * @example
 * new Host(app, 'server', {
 *   sshKeys: ['ssh-ed25519 AAAAC3Nza… alice@laptop'],
 *   sshAllowFrom: ['203.0.113.7'],
 *   ipv4: '198.51.100.20',
 * });
 */
export class Host extends Construct {
  static isHost(x: unknown): x is Host {
    return typeof x === 'object' && x !== null && HOST_SYMBOL in x;
  }

  readonly props: HostProps;

  constructor(scope: Construct, id: string, props: HostProps = {} as HostProps) {
    props ??= {} as HostProps; // null from a JavaScript caller: reported below (no SSH keys)
    super(scope, id);
    Object.defineProperty(this, HOST_SYMBOL, { value: true });
    this.props = props;
    const a = Annotations.of(this);
    const user = props.deployUser ?? 'deploy';
    const sshKeys: readonly string[] = Array.isArray(props.sshKeys) ? props.sshKeys : [];
    const sshAllowFrom: readonly string[] = Array.isArray(props.sshAllowFrom) ? props.sshAllowFrom : [];
    if (!sshKeys.length) a.addError('a Host needs at least one SSH public key: password login is disabled.', `set sshKeys: ['ssh-ed25519 AAAA… you@laptop'] (the content of ~/.ssh/id_ed25519.pub).`);
    sshKeys.forEach((k, i) => {
      if (!KEY.test(k.trim())) a.addError(`sshKeys[${i}] is not an OpenSSH public key line.`, 'paste the whole line of your .pub file, e.g. "ssh-ed25519 AAAAC3… you@laptop" (never the private key).');
    });
    if (!sshAllowFrom.length) a.addError('sshAllowFrom is empty: nobody could reach SSH.', `list your public addresses, e.g. sshAllowFrom: ['203.0.113.7'].`);
    for (const src of sshAllowFrom) {
      if (!CIDR4.test(src) && !CIDR6.test(src)) a.addError(`sshAllowFrom entry "${src}" is not an IP address or CIDR.`, `use e.g. '203.0.113.7' or '198.51.100.0/24'.`);
    }
    if (sshAllowFrom.some((s) => s === '0.0.0.0/0' || s === '::/0')) {
      a.addWarning('ssh-open-to-all', 'SSH is reachable from any address.', 'list the addresses of your team in sshAllowFrom; fail2ban still limits guessing.');
    }
    if (!USER.test(user) || user === 'root') a.addError(`deployUser "${user}" is not a valid non-root user name.`, `use lowercase letters, digits, "_" and "-", e.g. 'deploy'.`);
    if (props.hostname !== undefined && !HOSTNAME.test(props.hostname)) a.addError(`hostname "${props.hostname}" is not a valid host name.`, `use lowercase letters, digits and "-", e.g. 'web-1'.`);
    if (props.ipv4 !== undefined && !IPV4.test(props.ipv4)) a.addError(`ipv4 "${props.ipv4}" is not an IPv4 address.`, `use e.g. '198.51.100.20'.`);
    if (props.ipv6 !== undefined && !(CIDR6.test(props.ipv6) && !props.ipv6.includes('/'))) a.addError(`ipv6 "${props.ipv6}" is not an IPv6 address.`, `use e.g. '2001:db8::20'.`);
    if (props.timezone !== undefined && !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(props.timezone)) a.addError(`timezone "${props.timezone}" is not a tz database name.`, `use e.g. 'Europe/Paris' or 'UTC'.`);
    if (props.directory !== undefined && !/^\/[A-Za-z0-9._/-]+$/.test(props.directory)) a.addError(`directory "${props.directory}" is not an absolute path.`, `use e.g. '/srv/shop'.`);
  }

  /** This host's part of the deployment model. */
  toModel(path: string, appName: string): HostModel {
    const p = this.props;
    const deployUser = p.deployUser ?? 'deploy';
    return {
      path,
      hostname: p.hostname ?? appName.replace(/_/g, '-'),
      deployUser,
      sshKeys: p.sshKeys.map((k) => k.trim()),
      sshAllowFrom: [...p.sshAllowFrom],
      sudo: p.sudo ?? true,
      timezone: p.timezone ?? 'UTC',
      ipv4: p.ipv4,
      ipv6: p.ipv6,
      directory: p.directory ?? `/home/${deployUser}/${appName}`,
    };
  }
}
