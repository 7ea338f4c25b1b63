import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { HostModel } from '../model/ops-model.js';
import { lines } from './_shell.js';
import { sh, shArray } from '../formats/shell.js';
import { SCRIPT_NAMES } from '../model/script-names.js';

/** Where cloud-init drops the bootstrap script on the new machine. */
export const CLOUD_INIT_BOOTSTRAP_PATH = '/root/slipway-bootstrap.sh';

/** Packages the host needs besides Docker. */
export const HOST_PACKAGES = ['ca-certificates', 'curl', 'gnupg', 'ufw', 'fail2ban', 'unattended-upgrades'] as const;

/**
 * `host/bootstrap.sh`: prepares a Debian or Ubuntu server, idempotently, as root. cloud-init's
 * user-data runs this very script, so both paths give the same machine.
 */
export function renderBootstrap(h: HostModel, appName: string): string {
  return lines(
    `# Prepares a Debian or Ubuntu server for "${appName}": Docker + Compose plugin, a deploy user with`,
    '# SSH keys only, no root or password login, firewall, fail2ban, unattended upgrades.',
    '# Run once as root (safe to run again):',
    '#   scp host/bootstrap.sh root@SERVER: && ssh root@SERVER bash bootstrap.sh',
    '# host/user-data.yaml (cloud-init) runs this same script on a new VPS.',
    'set -euo pipefail',
    '',
    `DEPLOY_USER=${sh(h.deployUser)}`,
    `HOST_NAME=${sh(h.hostname)}`,
    `TIME_ZONE=${sh(h.timezone)}`,
    `APP_DIR=${sh(h.directory)}`,
    `SUDO=${h.sudo ? 1 : 0}`,
    `SSH_KEYS=${shArray(h.sshKeys)}`,
    `SSH_ALLOW_FROM=${shArray(h.sshAllowFrom)}`,
    `PACKAGES=${shArray(HOST_PACKAGES)}`,
    '',
    `step() { printf '\\n==> %s\\n' "$*"; }`,
    `fail() { printf 'bootstrap: %s\\n' "$*" >&2; exit 1; }`,
    '',
    '[ "$(id -u)" -eq 0 ] || fail "run as root (sudo bash bootstrap.sh)."',
    '[ ${#SSH_KEYS[@]} -gt 0 ] || fail "no SSH key: root and password logins would lock you out."',
    '# shellcheck source=/dev/null',
    '. /etc/os-release',
    'case "${ID:-}" in',
    '  debian | ubuntu) ;;',
    '  *) fail "this script supports Debian and Ubuntu, not ${ID:-unknown}." ;;',
    'esac',
    'export DEBIAN_FRONTEND=noninteractive',
    '',
    'step "host name and time zone"',
    'hostnamectl set-hostname "$HOST_NAME" 2>/dev/null || echo "$HOST_NAME" >/etc/hostname',
    'timedatectl set-timezone "$TIME_ZONE" 2>/dev/null || ln -sf "/usr/share/zoneinfo/$TIME_ZONE" /etc/localtime',
    '',
    'step "packages"',
    'apt-get update -q',
    'apt-get install -y -q "${PACKAGES[@]}"',
    '',
    'step "Docker Engine and the Compose plugin (Docker\'s apt repository)"',
    'if ! docker compose version >/dev/null 2>&1; then',
    '  install -m 0755 -d /etc/apt/keyrings',
    '  curl -fsSL "https://download.docker.com/linux/$ID/gpg" -o /etc/apt/keyrings/docker.asc',
    '  chmod a+r /etc/apt/keyrings/docker.asc',
    '  echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/$ID ${VERSION_CODENAME:?} stable" \\',
    '    >/etc/apt/sources.list.d/docker.list',
    '  apt-get update -q',
    '  apt-get install -y -q docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin',
    'fi',
    'if [ ! -f /etc/docker/daemon.json ]; then',
    '  mkdir -p /etc/docker',
    '  # Rotate container logs by default; keep containers running while the daemon restarts.',
    `  printf '%s\\n' '{ "log-driver": "json-file", "log-opts": { "max-size": "10m", "max-file": "3" }, "live-restore": true }' >/etc/docker/daemon.json`,
    '  systemctl restart docker',
    'fi',
    'systemctl enable --now docker',
    '',
    'step "deploy user $DEPLOY_USER (SSH keys only)"',
    'id -u "$DEPLOY_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$DEPLOY_USER"',
    'passwd -l "$DEPLOY_USER" >/dev/null',
    'usermod -aG docker "$DEPLOY_USER"',
    'home="$(getent passwd "$DEPLOY_USER" | cut -d: -f6)"',
    'install -d -m 0700 -o "$DEPLOY_USER" -g "$DEPLOY_USER" "$home/.ssh"',
    `printf '%s\\n' "\${SSH_KEYS[@]}" >"$home/.ssh/authorized_keys"`,
    'chown "$DEPLOY_USER:$DEPLOY_USER" "$home/.ssh/authorized_keys"',
    'chmod 0600 "$home/.ssh/authorized_keys"',
    'if [ "$SUDO" = 1 ]; then',
    '  echo "$DEPLOY_USER ALL=(ALL) NOPASSWD:ALL" >/etc/sudoers.d/90-slipway-deploy',
    '  chmod 0440 /etc/sudoers.d/90-slipway-deploy',
    '  visudo -cf /etc/sudoers.d/90-slipway-deploy >/dev/null || { rm -f /etc/sudoers.d/90-slipway-deploy; fail "invalid sudoers entry"; }',
    'else',
    '  rm -f /etc/sudoers.d/90-slipway-deploy',
    'fi',
    'install -d -m 0750 -o "$DEPLOY_USER" -g "$DEPLOY_USER" "$APP_DIR"',
    '',
    'step "SSH: no root login, no passwords"',
    'grep -Eq "^[[:space:]]*Include[[:space:]]+/etc/ssh/sshd_config.d/" /etc/ssh/sshd_config ||',
    `  sed -i '1i Include /etc/ssh/sshd_config.d/*.conf' /etc/ssh/sshd_config`,
    'mkdir -p /etc/ssh/sshd_config.d',
    '# 10- sorts before the distributions\' own drop-ins: for sshd the first value read wins.',
    'cat >/etc/ssh/sshd_config.d/10-slipway.conf <<EOF',
    'PermitRootLogin no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'AuthenticationMethods publickey',
    'MaxAuthTries 3',
    'X11Forwarding no',
    'AllowUsers $DEPLOY_USER',
    'EOF',
    'sshd -t || fail "the SSH configuration is invalid; nothing was reloaded."',
    'systemctl reload ssh 2>/dev/null || systemctl reload sshd',
    '',
    'step "firewall: SSH from ${SSH_ALLOW_FROM[*]}, HTTP and HTTPS open, everything else closed"',
    'ufw --force reset >/dev/null',
    'ufw default deny incoming',
    'ufw default allow outgoing',
    'for source in "${SSH_ALLOW_FROM[@]}"; do',
    '  ufw allow from "$source" to any port 22 proto tcp',
    'done',
    'ufw allow 80/tcp',
    'ufw allow 443/tcp',
    'ufw --force enable',
    '# Docker publishes ports around ufw: Slipway binds every port except the proxy\'s 80/443 to 127.0.0.1.',
    '',
    'step "fail2ban for SSH"',
    'cat >/etc/fail2ban/jail.d/slipway.local <<EOF',
    '[sshd]',
    'enabled = true',
    'backend = systemd',
    'maxretry = 5',
    'findtime = 10m',
    'bantime = 1h',
    'ignoreip = 127.0.0.1/8 ::1 ${SSH_ALLOW_FROM[*]}',
    'EOF',
    'systemctl enable fail2ban',
    'systemctl restart fail2ban',
    '',
    'step "unattended security upgrades"',
    'cat >/etc/apt/apt.conf.d/20auto-upgrades <<EOF',
    'APT::Periodic::Update-Package-Lists "1";',
    'APT::Periodic::Unattended-Upgrade "1";',
    'APT::Periodic::AutocleanInterval "7";',
    'EOF',
    'systemctl enable --now unattended-upgrades',
    '',
    'step "done"',
    'echo "Log in as: ssh $DEPLOY_USER@$(hostname -I 2>/dev/null | cut -d" " -f1)"',
    `echo "Copy the deployment folder to $APP_DIR, then: ./${SCRIPT_NAMES.initSecrets} && ./deploy.sh (see DEPLOY.md)."`,
  );
}

/**
 * `host/user-data.yaml`: cloud-init for a new VPS. It declares the deploy user and SSH settings
 * natively (so they hold even if a later step fails) and runs the same bootstrap script.
 */
export function renderCloudInit(h: HostModel, bootstrapScript: string): string {
  const doc = {
    hostname: h.hostname,
    timezone: h.timezone,
    users: [
      {
        name: h.deployUser,
        shell: '/bin/bash',
        lock_passwd: true,
        ssh_authorized_keys: [...h.sshKeys],
        ...(h.sudo ? { sudo: 'ALL=(ALL) NOPASSWD:ALL' } : {}),
      },
    ],
    disable_root: true,
    ssh_pwauth: false,
    package_update: true,
    package_upgrade: true,
    packages: [...HOST_PACKAGES],
    write_files: [{ path: CLOUD_INIT_BOOTSTRAP_PATH, owner: 'root:root', permissions: '0700', content: bootstrapScript }],
    runcmd: [['bash', CLOUD_INIT_BOOTSTRAP_PATH]],
  };
  // Loaded on first use: few stacks have a Host, and yaml is costly to load at every start.
  const { stringify } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  return stringify(doc, { lineWidth: 0 });
}
