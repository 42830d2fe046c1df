#!/usr/bin/env bash
# Concurrent SSTP sessions on one server instance (our client and server in one JVM over
# loopback TLS, EAP-TLS and crypto binding each): setup time per session, heap after GC, and one
# datagram per session through the server. Prints the figures beside Azure's 128 per gateway.
# Usage: bench/sstp-sessions.sh [sessions]   (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"; export JAVA_HOME
./mvnw -B -q -pl gateway-pod -am verify -Dvpngw.excludedGroups= -Dgroups=benchmark -Dtest=SstpSessionBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dvpngw.bench.sstpSessions="${1:-500}" 2>&1 \
  | grep -A5 '== sstp sessions' || { echo "benchmark failed; see gateway-pod/target/surefire-reports" >&2; exit 1; }
