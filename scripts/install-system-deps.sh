#!/usr/bin/env bash
# Installs the Debian packages StackLab's tests and benches use: the real OpenStack clients
# (python-openstackclient, openstacksdk, osc-placement) the API tests drive, and the real Keystone 22 served
# by uwsgi that bench/identity compares against, and Chromium the e2e tests drive (playwright-core, no
# downloaded browser). Needs root (or sudo). Idempotent.
set -euo pipefail
PKGS=(build-essential python3 python3-openstackclient python3-openstacksdk python3-osc-placement python3-keystone uwsgi-core uwsgi-plugin-python3 sqlite3 sshpass chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
