#!/usr/bin/env bash
# Tunnel throughput and setup time: strongSwan <-> strongSwan beside strongSwan <-> vpngw, same
# harness, same run (AES-256-GCM, X25519, iperf3 TCP 1 and 4 streams, swanctl --initiate to
# CHILD_SA installed). Needs root and the packages of .ci/packages.txt.
# Usage: bench/tunnel-throughput.sh [seconds-per-iperf3-run]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"; export JAVA_HOME
./mvnw -B -q -pl gateway-pod -am verify -Dvpngw.excludedGroups= -Dgroups=benchmark -Dtest=TunnelThroughputBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dvpngw.bench.seconds="${1:-10}" 2>&1 \
  | grep -A5 '== tunnel' || { echo "benchmark failed; see gateway-pod/target/surefire-reports" >&2; exit 1; }
