#!/usr/bin/env bash
# Installs the real tools the end-to-end tests drive (nginx, caddy, shellcheck, …) when missing.
# Debian/Ubuntu only; needs root (or sudo). Services are never started by the install.
set -euo pipefail

packages=(patch nginx caddy shellcheck openssl postgresql mariadb-server prometheus cloud-init time apache2-utils curl openssh-server openssh-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "ensure-tools: install as root: apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "ensure-tools: installing ${missing[*]}" >&2
# Keep package scripts from starting nginx & co. on this machine.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
fi
trap '[ $created_policy -eq 1 ] && $sudo rm -f "$policy"' EXIT
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
