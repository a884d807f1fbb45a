#!/usr/bin/env bash
# A throw-away one-node Slurm cluster for flrepro's Slurm tests.
#
#   scripts/slurm-test-cluster.sh start DIR   install slurm-wlm and munge from Debian when missing,
#                                             start munged, slurmctld and slurmd with everything
#                                             (key, slurm.conf, state, spool, logs, pid files) under DIR,
#                                             wait until the node is idle; prints `export SLURM_CONF=…`
#   scripts/slurm-test-cluster.sh stop DIR    stop the daemons started there (by their pid files)
#   scripts/slurm-test-cluster.sh check       exit 0 when a cluster can be started here (tools present,
#                                             or root with apt-get to install them), 77 otherwise
#
# The node is named after `hostname`; ProctrackType=proctrack/linuxproc and TaskPlugin=task/none, so
# neither systemd nor cgroups are needed. Ports are picked free (several clusters may run side by side).
# Daemons run as the calling user (root when installing). Exit status 77: Slurm cannot be started here.
set -euo pipefail

usage() { echo "usage: $0 start DIR | stop DIR | check" >&2; exit 2; }
[ $# -ge 1 ] || usage
cmd=$1
dir=${2:-}

have_tools() {
  command -v munged >/dev/null && command -v slurmctld >/dev/null && command -v slurmd >/dev/null \
    && command -v sbatch >/dev/null && command -v squeue >/dev/null && command -v sinfo >/dev/null \
    && command -v scancel >/dev/null
}
# Debian puts the daemons in /usr/sbin, which a non-login PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

install_tools() {
  have_tools && return 0
  if ! can_install; then
    echo "slurm-test-cluster: slurm-wlm/munge are not installed and this is not root with apt-get" >&2
    exit 77
  fi
  echo "slurm-test-cluster: installing slurm-wlm and munge (Debian)…" >&2
  # Keep the packages' init scripts from starting system-wide daemons.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null; }
  } || rc=$?
  [ "$made_policy" = 1 ] && rm -f "$policy"
  if [ "$rc" != 0 ] || ! have_tools; then
    echo "slurm-test-cluster: installing slurm-wlm and munge failed" >&2
    exit 77
  fi
}

fail() {
  echo "slurm-test-cluster: $1; logs in $dir/log:" >&2
  tail -n 5 "$dir"/log/* >&2 2>/dev/null || true
  exit 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_ports() {
  # Start from a port derived from DIR so that parallel clusters rarely probe the same ones.
  local base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))
  local p
  for ((p = base; p < base + 400; p += 2)); do
    if port_free "$p" && port_free "$((p + 1))"; then ctld_port=$p; slurmd_port=$((p + 1)); return 0; fi
  done
  echo "slurm-test-cluster: no free port pair near $base" >&2
  exit 1
}

# Kills the process in a pid file if it is still the named program; waits for it to exit.
stop_pidfile() {
  local file=$1 name=$2 pid i
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' < "$file")
  if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$name" ]; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    if [ -d "/proc/$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

start() {
  [ -n "$dir" ] || usage
  install_tools
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local sock="$dir/munge/munge.socket"
  if [ ${#sock} -gt 100 ]; then echo "slurm-test-cluster: $dir is too long a path for the munge socket" >&2; exit 1; fi
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log" "$dir/key"
  chmod 755 "$dir" "$dir/munge"
  chmod 700 "$dir/key" "$dir/state" "$dir/spool"

  # munge: a fresh key, its own socket.
  if [ ! -s "$dir/key/munge.key" ]; then
    dd if=/dev/urandom of="$dir/key/munge.key" bs=1024 count=1 status=none
    chmod 400 "$dir/key/munge.key"
  fi
  munged --force --socket="$sock" --key-file="$dir/key/munge.key" --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" </dev/null >>"$dir/log/munged.out" 2>&1 \
    || fail "munged did not start"
  local i
  for ((i = 0; i < 50; i++)); do [ -S "$sock" ] && break; sleep 0.1; done

  local host cpus mem user
  host=$(hostname)
  # More CPU slots than cores: the test jobs are tiny, and Slurm starts jobs in rounds about a second apart.
  cpus=${FLREPRO_TEST_SLURM_CPUS:-$(( $(nproc) > 16 ? $(nproc) : 16 ))}
  mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
  user=$(id -un)
  pick_ports
  cat > "$dir/slurm.conf" <<EOF
# Generated by scripts/slurm-test-cluster.sh for flrepro's tests.
ClusterName=flrepro$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
SlurmctldHost=$host
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
MaxArraySize=1001
SlurmdParameters=config_overrides
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  # The daemons must not hold the caller's stdout/stderr (a test reading them to the end would hang).
  slurmctld -c -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmctld.out" 2>&1 || fail "slurmctld did not start"
  slurmd -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmd.out" 2>&1 || fail "slurmd did not start"
  local state=""
  for ((i = 0; i < 600; i++)); do
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    case "$state" in
      idle) break ;;
      down*|drain*|unk*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.1
  done
  if [ "$state" != idle ]; then
    fail "node $host is not idle (sinfo: '${state}')"
  fi
  echo "export SLURM_CONF=$SLURM_CONF" > "$dir/env"
  echo "export SLURM_CONF=$SLURM_CONF"
}

stop() {
  [ -n "$dir" ] || usage
  [ -d "$dir" ] || return 0
  # Jobs still queued on this cluster (a test that stopped half-way) go first.
  if [ -f "$dir/slurm.conf" ] && [ -f "$dir/slurmctld.pid" ]; then
    SLURM_CONF="$dir/slurm.conf" timeout 10 scancel -u "$(id -un)" >/dev/null 2>&1 || true
  fi
  stop_pidfile "$dir/slurmd.pid" slurmd
  stop_pidfile "$dir/slurmctld.pid" slurmctld
  stop_pidfile "$dir/munge/munged.pid" munged
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  check) if have_tools || can_install; then exit 0; else exit 77; fi ;;
  *) usage ;;
esac
