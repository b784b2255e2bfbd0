#!/usr/bin/env bash
# Inbound reaction events at the packaged gateway, on the Redis event store (docs/events.md):
#   record  verified Linq webhooks recorded per second on the pod's one CPU, no subscriber
#           configured (recording alone): 10^6 / the gateway's CPU time per record, measured under a
#           closed loop of CONNECTIONS in flight; the closed loop's own rate is printed beside it
#           (on this 2-CPU machine the driver and Redis share the other CPU and can set its pace)
#   lag     a steady RATE events a second for LAG_SECONDS with one subscriber: delivery lag from
#           the webhook's write to the subscriber's receipt, p50 / p99 / max
#   soak    SOAK_RATE events a second for SOAK_SECONDS across two warm replicas on one Redis, the
#           subscriber failing FAIL_PERCENT of deliveries, one replica killed (SIGKILL) half-way
#           and started again: every recorded event delivered or given up (0 lost), duplicates
#           counted
#
#   bench/events.sh [--reuse]        (--reuse: keep target/quarkus-app if it is there)
#
# Needs a JDK, taskset, curl, redis-cli and the Redis on 127.0.0.1:6379 (keys under the prefix
# {bench:events}: are deleted first). Gateways (the image's JVM flags, bench/pod-jvm.sh) on CPU 1,
# the driver (bench/events/EventsDriver.java: the webhook sender and the subscriber) on CPU 0.
# Each gateway's log goes through a pipe to a process on the driver's CPU that keeps its tail, as a
# container runtime's log pipe would (bench/run.sh does the same), not to this machine's slow disk.
# Writes bench/results/events.md; raw output under target/events/.
#
# Tunables (environment): CONNECTIONS=64 RECORD_SECONDS=20 RATE=500 LAG_SECONDS=30 SOAK_RATE=200
# SOAK_SECONDS=600 FAIL_PERCENT=5 WARMUP_SECONDS=30 (the record and lag phases measure a warm
# gateway: the image's flags compile with C2 alone, on one compiler thread, so a fresh JVM
# interprets for its first tens of seconds)
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-64}
RECORD_SECONDS=${RECORD_SECONDS:-20}
RATE=${RATE:-500}
LAG_SECONDS=${LAG_SECONDS:-30}
SOAK_RATE=${SOAK_RATE:-200}
SOAK_SECONDS=${SOAK_SECONDS:-600}
FAIL_PERCENT=${FAIL_PERCENT:-5}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
# shellcheck source=bench/common.sh
source bench/common.sh
PORT_A=18094
PORT_B=18095
SUBSCRIBER_PORT=18096
PREFIX='{bench:events}:'
LINQ_SECRET=whsec_YmVuY2gtbGlucS13ZWJob29rLXNlY3JldC0wMTIz
SUBSCRIBER_SECRET=whsec_YmVuY2gtc3Vic2NyaWJlci1zZWNyZXQtMDEyMzQ1Ng==

for tool in java taskset curl redis-cli; do
  command -v "$tool" > /dev/null || { echo "bench/events.sh needs $tool" >&2; exit 2; }
done
[ "$(nproc)" -ge 2 ] || { echo "bench/events.sh needs 2 CPUs" >&2; exit 2; }

bench_start events "${1:-}"
javac -d "$work/classes" bench/events/EventsDriver.java
clear_store() { redis-cli --scan --pattern "$PREFIX*" | xargs -r redis-cli del > /dev/null; }
clear_store

key_hash=$(printf %s "$CALLER_KEY" | sha256sum | cut -d' ' -f1)
declare -A gateway_pids
start_gateway() { # name port extra -D flags...
  local name=$1 port=$2
  shift 2
  # shellcheck disable=SC2086
  taskset -c $SERVER_CPU java $BENCH_JAVA_OPTS \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dquarkus.http.port="$port" \
    -Dgateway.chert.tenant=tenant_bench -Dgateway.chert.signing-secret=bench-signing-secret \
    -Dgateway.linq.integration-token=linq-bench-token-0123456789abcdef \
    -Dgateway.auth.callers.bench.key-sha256="$key_hash" \
    -Dgateway.linq.webhook-secrets=$LINQ_SECRET \
    -Dgateway.events.store=redis -Dgateway.events.redis-key-prefix="$PREFIX" \
    "$@" \
    -jar "$PWD/target/quarkus-app/quarkus-run.jar" \
    > >(taskset -c $LOAD_CPU tail -n 2000 >> "$work/gateway-$name.log") 2>&1 &
  gateway_pids[$name]=$!
  pids+=("$!")
  for _ in $(seq 600); do
    curl -s -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return
    sleep 0.05
  done
  echo "the gateway did not start; see $work/gateway-$name.log" >&2
  exit 1
}
stop_gateway() { # name
  kill "${gateway_pids[$1]}" 2> /dev/null || true
  wait "${gateway_pids[$1]}" 2> /dev/null || true
}
subscriber=(-Dgateway.subscribers.bench.url="http://127.0.0.1:$SUBSCRIBER_PORT/events"
  -Dgateway.subscribers.bench.secret=$SUBSCRIBER_SECRET)
driver() {
  taskset -c $LOAD_CPU java -cp "$work/classes" EventsDriver "$@"
}
metric_sum() { # port metric-name-prefix
  curl -s "http://127.0.0.1:$1/q/metrics" | awk -v m="$2" 'index($1, m) == 1 {s += $2} END {printf "%d", s}'
}

echo "== record: $CONNECTIONS webhooks in flight, ${RECORD_SECONDS} s after a ${WARMUP_SECONDS} s warm-up"
start_gateway record $PORT_A
driver record "http://127.0.0.1:$PORT_A" "$WARMUP_SECONDS" "$CONNECTIONS" $LINQ_SECRET > /dev/null
ticks_before=$(cpu_ticks "${gateway_pids[record]}")
driver record "http://127.0.0.1:$PORT_A" "$RECORD_SECONDS" "$CONNECTIONS" $LINQ_SECRET | tee "$work/record.txt"
record_ticks=$(($(cpu_ticks "${gateway_pids[record]}") - ticks_before))
stop_gateway record
clear_store

echo "== lag: $RATE events/s for $LAG_SECONDS s, one subscriber, after ${WARMUP_SECONDS} s at $((RATE / 2))/s"
start_gateway lag $PORT_A "${subscriber[@]}"
driver steady "http://127.0.0.1:$PORT_A" $((RATE / 2)) "$WARMUP_SECONDS" $LINQ_SECRET $SUBSCRIBER_PORT $SUBSCRIBER_SECRET 0 60 \
  | tee "$work/lag-warm-up.txt"
driver steady "http://127.0.0.1:$PORT_A" "$RATE" "$LAG_SECONDS" $LINQ_SECRET $SUBSCRIBER_PORT $SUBSCRIBER_SECRET 0 60 | tee "$work/lag.txt"
stop_gateway lag
clear_store

echo "== soak: $SOAK_RATE events/s for $SOAK_SECONDS s, two replicas, $FAIL_PERCENT % failed deliveries, replica B killed half-way"
start_gateway soak-a $PORT_A "${subscriber[@]}"
start_gateway soak-b $PORT_B "${subscriber[@]}"
# Both replicas warm first, as a fleet under way is; the one restarted half-way comes back cold.
driver steady "http://127.0.0.1:$PORT_A,http://127.0.0.1:$PORT_B" $((SOAK_RATE / 2)) "$WARMUP_SECONDS" \
  $LINQ_SECRET $SUBSCRIBER_PORT $SUBSCRIBER_SECRET 0 60 > /dev/null
# Not through driver(): a function run in the background is a subshell, and killing it (on exit)
# would leave the JVM running.
taskset -c $LOAD_CPU java -cp "$work/classes" EventsDriver steady \
  "http://127.0.0.1:$PORT_A,http://127.0.0.1:$PORT_B" "$SOAK_RATE" "$SOAK_SECONDS" \
  $LINQ_SECRET $SUBSCRIBER_PORT $SUBSCRIBER_SECRET "$FAIL_PERCENT" 120 > "$work/soak.txt" &
soak_driver=$!
pids+=("$soak_driver")
sleep $((SOAK_SECONDS / 2))
kill -0 "${gateway_pids[soak-b]}" 2> /dev/null || echo "replica B had stopped before the kill; see $work/gateway-soak-b.log" >&2
kill -9 "${gateway_pids[soak-b]}" 2> /dev/null || true
wait "${gateway_pids[soak-b]}" 2> /dev/null || true
killed_at=$(date +%s)
start_gateway soak-b $PORT_B "${subscriber[@]}"
restarted_in=$(($(date +%s) - killed_at))
wait "$soak_driver"
cat "$work/soak.txt"
given_up=$(($(metric_sum $PORT_A gateway_deliveries_given_up_total) + $(metric_sum $PORT_B gateway_deliveries_given_up_total)))
stop_gateway soak-a
stop_gateway soak-b
clear_store

# --- report -------------------------------------------------------------------------------------
field() { awk -v f="$2" '$1 == "RESULT" {print $f}' "$work/$1.txt"; }
check() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
lost=$(($(field soak 11) - given_up))
tick=$(getconf CLK_TCK)
record_cpu_us=$((record_ticks * 1000000 / tick / $(field record 3)))
one_cpu=$((1000000 / record_cpu_us))
record_busy=$((record_ticks * 100 / tick / RECORD_SECONDS))
((lost < 0)) && lost=0
{
  echo "## Inbound events: $(date -u +%Y-%m-%d), $(nproc) CPUs, $(java -version 2>&1 | head -1), $(redis-cli INFO server | awk -F: '/^redis_version/ {print "Redis " $2}' | tr -d '\r')"
  echo
  echo "\`bench/events.sh\`: the packaged gateway (Redis event store, the image's JVM flags) on CPU $SERVER_CPU,"
  echo "the driver (webhook sender and subscriber) on CPU $LOAD_CPU; Redis on the same machine."
  echo "Load average at the end (the machine is shared): $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| measure | figure | target | |"
  echo "|---|---|---|---|"
  echo "| verified webhooks recorded per second on one CPU: 10^6 / the gateway's CPU µs per record | $one_cpu ($record_cpu_us µs per record) | ≥ 3,000 | $(check "$((one_cpu >= 3000))") |"
  echo "| the same, closed loop ($CONNECTIONS in flight, ${RECORD_SECONDS} s, no subscriber), the gateway at $record_busy % of its CPU | $(field record 5) ($(field record 3) in $(field record 4) s, $(field record 6) not 204) | | |"
  echo "| delivery lag p50 / p99 / max at $RATE events/s ($(field lag 5) delivered of $(field lag 4) recorded) | $(field lag 8) / $(field lag 9) / $(field lag 10) ms | p99 ≤ 1,000 ms | $(check "$(( $(field lag 9) <= 1000 ))") |"
  echo "| soak: recorded / delivered / given up / lost | $(field soak 4) / $(field soak 5) / $given_up / $lost | 0 lost | $(check "$(( lost == 0 ))") |"
  echo
  echo "The lag phase's warm-up, on the fresh JVM ($((RATE / 2)) events/s for $WARMUP_SECONDS s): lag p50 / p99 / max"
  echo "$(field lag-warm-up 8) / $(field lag-warm-up 9) / $(field lag-warm-up 10) ms, $(field lag-warm-up 5) of $(field lag-warm-up 4) delivered."
  echo
  echo "Soak: $SOAK_RATE events/s for $SOAK_SECONDS s sent round robin to two replicas (a webhook a replica did not"
  echo "take went to the other, as Linq retries), the subscriber answering 500 to $FAIL_PERCENT % of deliveries"
  echo "($(field soak 13) answered 500), replica B killed with SIGKILL half-way and ready again $restarted_in s later."
  echo "Deliveries answered 2xx: $(field soak 6), of which $(field soak 7) were a second delivery of an event"
  echo "(at least once: an event whose 2xx the killed replica had received but not yet marked done is"
  echo "delivered again by the replica that takes it over). Lag over the soak p50 / p99 / max:"
  echo "$(field soak 8) / $(field soak 9) / $(field soak 10) ms (retries after a 500 included). Bad signatures seen by the subscriber:"
  echo "$(( $(field lag 12) + $(field soak 12) ))."
} > bench/results/events.md
cat bench/results/events.md
