#!/usr/bin/env bash
# Heap per answer kept by the memory idempotency store (docs/idempotency.md).
#
#   bench/idempotency-footprint.sh [KEYS]      (default 50000, the default gateway.idempotency.max-keys)
#
# Builds the test classes, then, for an empty, a success and a problem body, fills a store in a
# fresh JVM (serial GC, so the heap after a full GC is exact) with KEYS/4 and with KEYS completed
# keys, and prints the difference per key: what one more kept answer costs, without what the JVM
# and the classes allocate once.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-50000}
small=$((keys / 4))
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/footprint.classpath
heap() {
  java -XX:+UseSerialGC -Xmx1g \
    -cp "target/test-classes:target/classes:$(cat target/footprint.classpath)" \
    dev.reactiongateway.idempotency.MemoryStoreFootprint "$1" "$2"
}
for body in empty success problem; do
  echo "$body bodies: $(( ($(heap "$keys" "$body") - $(heap "$small" "$body")) / (keys - small) )) bytes of heap per kept answer ($small and $keys keys)"
done
