#!/usr/bin/env bash
# The long fault soak: FaultSoakIT against the packaged gateway (prod profile, small-pod JVM flags)
# with injected provider faults on both providers, an Idempotency-Key on every request and callers
# that retry. Prints requests, outcomes by code, worst duplicate, p50/p99, heap after GC, RSS and
# threads at start and end. Loopback only; bounded by the duration. The gateway runs with the JVM
# flags and malloc setting the image gives its pod (bench/pod-jvm.sh; SOAK_JAVA_OPTS
# overrides), not the integration tests' own.
#
#   bench/soak.sh [seconds=600] [requests-per-second=2000] [fault-fraction=0.05]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/pod-jvm.sh
source bench/pod-jvm.sh
SOAK_JAVA_OPTS=${SOAK_JAVA_OPTS:-$POD_JAVA_OPTS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$POD_MALLOC_ARENA_MAX}

seconds=${1:-600}
rate=${2:-2000}
faults=${3:-0.05}

./mvnw -B -q package -DskipTests
./mvnw -B verify \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FaultSoakIT \
  -Dsoak.seconds="$seconds" -Dsoak.rate="$rate" -Dsoak.faults="$faults" \
  -Dquarkus.test.arg-line="$SOAK_JAVA_OPTS" \
  | grep -E 'fault soak:|Tests run:|FAIL|AssertionFailed' || true
