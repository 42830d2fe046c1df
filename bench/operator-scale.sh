#!/usr/bin/env bash
# Operator scale: time and heap to bring N gateways with M connections each to Ready against the
# mock API server (same JVM), and the reconcile rate under a wave of spec changes.
# Usage: bench/operator-scale.sh [gateways] [connections-per-gateway]   (default 200 10)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"; export JAVA_HOME
./mvnw -B -q -pl operator -am verify -Dvpngw.excludedGroups= -Dgroups=benchmark -Dtest=OperatorScaleBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
  -Dvpngw.bench.gateways="${1:-200}" -Dvpngw.bench.connectionsPerGateway="${2:-10}" 2>&1 \
  | grep -A6 '== operator scale' || { echo "benchmark failed; see operator/target/surefire-reports" >&2; exit 1; }
