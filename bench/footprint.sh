#!/usr/bin/env bash
# Gateway footprint per SKU: heap (live after a full GC, committed), resident memory (VmRSS, VmHWM),
# threads and CPU of one gateway process, idle with the SKU's maximum of site-to-site tunnels up
# (strongSwan sites) and under iperf3 load at the SKU's throughput (through a VNet-to-VNet tunnel to
# a second gateway, as much as the machine carries), with the JVM options the operator ships.
# Needs root and the packages of .ci/packages.txt.
# Usage: bench/footprint.sh [seconds-per-iperf3-run] [SKU,SKU...]   (default 10, all SKUs)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"; export JAVA_HOME
./mvnw -B -q -pl gateway-pod -am verify -Dvpngw.excludedGroups= -Dgroups=benchmark -Dtest=GatewayFootprintBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dvpngw.bench.seconds="${1:-10}" -Dvpngw.bench.skus="${2:-}" 2>&1 \
  | grep -A8 '== footprint' || { echo "benchmark failed; see gateway-pod/target/surefire-reports" >&2; exit 1; }
