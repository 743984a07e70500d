#!/usr/bin/env bash
# Installs what the failure labs (test/failure-lab/) need on Debian bookworm, as root:
# MariaDB 10.11 with Galera 4, the Galera arbitrator (garbd), mariabackup for SST, etcd 3.4
# (etcd-server, etcdctl from etcd-client) for the control-plane Raft lab, iproute2 for
# network namespaces, openssl for a throw-away CA; pwgen, which the mariadb:11.4 image's own
# docker-entrypoint.sh (run by the Galera lab, from ../shared/images/mariadb-11.4/) calls for the
# healthcheck user's password, and the empty /docker-entrypoint-initdb.d its Dockerfile creates;
# nftables, for the NetworkPolicies the Galera lab applies inside its namespaces; haproxy (Debian's
# 2.6), which the single-writer lab starts from the routers' written haproxy.cfg. Idempotent: packages already there are not
# fetched again, and `apt-get update` runs only when something is missing.
# prometheus (promtool, for test/monitoring.test.ts's rule checks) and prometheus-mysqld-exporter, the exporter the Galera monitoring sidecar runs.
#
# The packages start MariaDB and etcd services on the host; the labs run their own mariadbd and
# etcd processes inside network namespaces, so this stops and disables those services.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "failure-lab-setup: must run as root (apt-get, ip netns)." >&2
  exit 1
fi

PACKAGES=(mariadb-server mariadb-client mariadb-backup galera-4 galera-arbitrator-4 etcd-server etcd-client iproute2 iputils-ping openssl socat rsync procps psmisc util-linux pwgen tzdata nftables haproxy prometheus prometheus-mysqld-exporter)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "failure-lab-setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # No init system runs here (or it may): keep the package scripts from starting services.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    created_policy=1
  fi
  trap 'if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "failure-lab-setup: all packages present (${PACKAGES[*]})"
fi

# Stop and disable any MariaDB service the packages started on the host.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl stop mariadb.service mysql.service garb.service etcd.service haproxy.service 2>/dev/null || true
  systemctl disable mariadb.service mysql.service garb.service etcd.service haproxy.service 2>/dev/null || true
fi
if command -v service >/dev/null 2>&1; then
  service mariadb stop >/dev/null 2>&1 || true
  service garb stop >/dev/null 2>&1 || true
  service etcd stop >/dev/null 2>&1 || true
  service haproxy stop >/dev/null 2>&1 || true
fi
if command -v update-rc.d >/dev/null 2>&1; then
  update-rc.d -f mariadb remove >/dev/null 2>&1 || true
  update-rc.d -f garb remove >/dev/null 2>&1 || true
  update-rc.d -f etcd remove >/dev/null 2>&1 || true
  update-rc.d -f haproxy remove >/dev/null 2>&1 || true
fi
# A host mariadbd still running from the package (not one of the lab's: those run with
# --defaults-file under the lab's temp dirs) is stopped through its pid file.
for pidfile in /run/mysqld/mysqld.pid /var/run/mysqld/mysqld.pid; do
  if [ -s "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "failure-lab-setup: stopping the host mariadbd (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    fi
  fi
done

# The mariadb:11.4 Dockerfile: `RUN mkdir /docker-entrypoint-initdb.d` (empty: no init scripts);
# its entrypoint lists it before initializing a data directory.
mkdir -p /docker-entrypoint-initdb.d

for bin in mariadbd mariadb garbd mariabackup etcd etcdctl ip openssl pwgen nft; do
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || { echo "failure-lab-setup: $bin is still missing" >&2; exit 1; }
done
test -e /usr/lib/galera/libgalera_smm.so || { echo "failure-lab-setup: /usr/lib/galera/libgalera_smm.so is missing" >&2; exit 1; }
echo "failure-lab-setup: ready ($(mariadbd --version 2>/dev/null | head -1); $(etcd --version 2>/dev/null | head -1))"
