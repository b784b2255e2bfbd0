#!/usr/bin/env bash
# Heap per answer kept by the memory idempotency store (docs/idempotency.md).
#
#   bench/idempotency-footprint.sh [KEYS]      (default 50000, the default gateway.idempotency.max-keys)
#
# Builds the test classes, then fills a store with KEYS completed keys in a JVM of its own (serial
# GC, so the heap after a full GC is exact) and prints bytes per answer for a success and a problem.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/footprint.classpath
java -XX:+UseSerialGC -Xmx1g \
  -cp "target/test-classes:target/classes:$(cat target/footprint.classpath)" \
  dev.reactiongateway.idempotency.MemoryStoreFootprint "${1:-50000}"
