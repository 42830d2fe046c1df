#!/usr/bin/env bash
# Failover of an active-standby gateway as a site sees it: two `vpngw gateway --kubernetes`
# processes in their own namespaces elect on a Lease in a mock API server; a strongSwan site pings
# the VNet through the tunnel every 10 ms while the active is killed (-9) or stopped (SIGTERM).
# Prints the longest gap between replies (median, max) per kind. Needs root and the packages of
# .ci/packages.txt.
# Usage: bench/failover.sh [rounds-per-kind]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"; export JAVA_HOME
./mvnw -B -q -pl gateway-pod -am verify -Dvpngw.excludedGroups= -Dgroups=benchmark -Dtest=FailoverBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dvpngw.bench.failovers="${1:-5}" 2>&1 \
  | grep -A8 '== failover' || { echo "benchmark failed; see gateway-pod/target/surefire-reports" >&2; exit 1; }
