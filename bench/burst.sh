#!/usr/bin/env bash
# Bursts at the packaged gateway: what a provider's deadline-aware admission does with 1,000
# simultaneous adds, and what one waiting request costs in memory.
#
#   bench/burst.sh [--reuse]        (--reuse: keep target/quarkus-app if it is there)
#
# Needs a JDK (java, jcmd), taskset (util-linux) and curl. Loopback only. The provider double
# (bench/burst/ProviderDouble.java, Chert's answer after a settable delay) and the gateway (prod
# profile, HMAC mode, caller auth on, the caller's rate limit raised, small-pod JVM flags) run on
# CPU 1; the driver (bench/burst/BurstDriver.java: COUNT keep-alive connections kept from burst to
# burst, as a fleet of callers' pools keeps them; for each burst one thread writes every request in
# a tight loop and reads the answers through a selector) on CPU 0.
#   fast  COUNT adds to a provider answering in 20 ms, 64 permits: all 200, none after the deadline
#   slow  the same burst at a provider answering in 2 s (read timeout 3 s), 64 permits: those that
#         cannot finish by the 5 s deadline refused in < 100 ms, the rest 200, no provider_timeout;
#         measured SLOW_RUNS times, each must meet it
#   memory  COUNT adds held in the gateway (the provider stalls, deadline 30 s): heap after a full
#         GC and RSS, before and while they wait, per request held
# The gateway is warmed as a replica in service is: WARM_ADDS adds at the fast provider, then, at
# the slow one, WARM_SLOW bursts that refuse, so that the JIT has compiled both paths (the image
# runs C2 only, which compiles a method after 10,000 calls). The first slow burst, before those, is
# reported too: a replica refusing for the first time. Writes bench/results/burst.md; raw output
# under target/burst/.
#
# Tunables (environment): COUNT=1000 WARM_ADDS=20000 WARM_SLOW=20 SLOW_RUNS=5 BENCH_JAVA_OPTS
# (default: the image's JVM flags, bench/pod-jvm.sh, as bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1000}
WARM_ADDS=${WARM_ADDS:-20000}
WARM_SLOW=${WARM_SLOW:-20}
SLOW_RUNS=${SLOW_RUNS:-5}
# shellcheck source=bench/common.sh
source bench/common.sh
PROVIDER_PORT=18090
GATEWAY_PORT=18092

for tool in java jcmd taskset curl; do
  command -v "$tool" > /dev/null || { echo "bench/burst.sh needs $tool" >&2; exit 2; }
done
[ "$(nproc)" -ge 2 ] || { echo "bench/burst.sh needs 2 CPUs" >&2; exit 2; }
[ "$(ulimit -n)" -ge "$((COUNT * 4 + 1024))" ] || ulimit -n "$((COUNT * 4 + 1024))"

bench_start burst "${1:-}"
javac -d "$work/classes" bench/burst/ProviderDouble.java bench/burst/BurstDriver.java

taskset -c $SERVER_CPU java -cp "$work/classes" ProviderDouble $PROVIDER_PORT &
pids+=($!)
provider() { curl -s -X "$1" "http://127.0.0.1:$PROVIDER_PORT$2"; }
for _ in $(seq 100); do provider GET /count > /dev/null && break; sleep 0.05; done

key_hash=$(printf %s "$CALLER_KEY" | sha256sum | cut -d' ' -f1)
gateway_pid=""
start_gateway() { # log-name, extra -D flags...
  local name=$1
  shift
  # shellcheck disable=SC2086
  taskset -c $SERVER_CPU java $BENCH_JAVA_OPTS \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dquarkus.http.port=$GATEWAY_PORT \
    -Dgateway.chert.base-url=http://127.0.0.1:$PROVIDER_PORT -Dgateway.chert.allow-http=true \
    -Dgateway.chert.tenant=tenant_bench -Dgateway.chert.signing-secret=bench-signing-secret \
    -Dgateway.linq.base-url=http://127.0.0.1:$PROVIDER_PORT -Dgateway.linq.allow-http=true \
    -Dgateway.linq.integration-token=linq-bench-token-0123456789abcdef \
    -Dgateway.auth.callers.bench.key-sha256="$key_hash" \
    -Dgateway.auth.callers.bench.rate-limit=100000 \
    "$@" \
    -jar "$PWD/target/quarkus-app/quarkus-run.jar" > "$work/gateway-$name.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  for _ in $(seq 600); do
    curl -s -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" && return
    sleep 0.05
  done
  echo "the gateway did not start; see $work/gateway-$name.log" >&2
  exit 1
}
stop_gateway() {
  kill "$gateway_pid"
  wait "$gateway_pid" 2> /dev/null || true
}
driver() { # deadline-ms step... -> the driver's output (steps: bench/burst/BurstDriver.java)
  local deadline=$1
  shift
  GATEWAY_PID=$gateway_pid taskset -c $LOAD_CPU java -Xss256k -cp "$work/classes" BurstDriver \
    $GATEWAY_PORT "$CALLER_KEY" "$deadline" $PROVIDER_PORT "$@"
}
heap_used_kib() { # after a full GC
  jcmd "$gateway_pid" GC.run > /dev/null
  jcmd "$gateway_pid" GC.heap_info | awk '/generation/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); s += v}} END {print s}'
}
rss_kib() { awk '$1 == "VmRSS:" {print $2}' "/proc/$gateway_pid/status"; }
metric() { curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# --- fast and slow: one gateway, read timeout 3 s so a 2 s answer is an answer ---------------
start_gateway bursts -Dgateway.chert.read-timeout=3s
echo "== warming up with $WARM_ADDS adds (20 ms provider), then fast, cold slow, $WARM_SLOW slow, $SLOW_RUNS measured slow bursts"
slow_steps=()
for i in $(seq "$SLOW_RUNS"); do slow_steps+=("$COUNT:slow$i"); done
driver 5000 delay=20 "500*$((WARM_ADDS / 500))" 64 "$COUNT:fast" \
  delay=2000 64 "$COUNT:cold" "$COUNT*$WARM_SLOW" "${slow_steps[@]}" | tee "$work/bursts.txt"
stop_gateway

# --- memory: requests held in the gateway ---------------------------------------------------
start_gateway memory -Dgateway.chert.deadline=30s -Dgateway.chert.read-timeout=40s \
  -Dgateway.idempotency.lease=60s
driver 30000 delay=20 "500*3" > /dev/null
heap_idle=$(heap_used_kib)
rss_idle=$(rss_kib)
provider PUT /delay/60000
driver 30000 "$COUNT" > /dev/null 2>&1 &
driver=$!
for _ in $(seq 200); do
  held=$(($(metric 'gateway_bulkhead_in_use{provider="chert"}' | cut -d. -f1) + $(metric 'gateway_bulkhead_queued{provider="chert"}' | cut -d. -f1)))
  [ "$held" -ge "$COUNT" ] && break
  sleep 0.05
done
waiting=$(metric 'gateway_bulkhead_queued{provider="chert"}' | cut -d. -f1)
heap_held=$(heap_used_kib)
rss_held=$(rss_kib)
kill "$driver" 2> /dev/null || true
wait "$driver" 2> /dev/null || true
stop_gateway
provider PUT /delay/0

# --- report -------------------------------------------------------------------------------------
field() { awk -v n="$1" -v f="$2" '$1 == "RESULT" && $2 == n {print $f}' "$work/bursts.txt"; }
check() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
per_request() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.0f", (b - a) * 1024 / n}'; }
refusals_met=1
slow_met=1
slowest=0
for i in $(seq "$SLOW_RUNS"); do
  n=slow$i
  (($(field $n 5) > 0 && $(field $n 13) < 100 && $(field $n 15) == 0)) || refusals_met=0
  (($(field $n 4) + $(field $n 5) == COUNT && $(field $n 6) == 0 && $(field $n 18) == $(field $n 4))) || slow_met=0
  (($(field $n 13) > slowest)) && slowest=$(field $n 13)
done
{
  echo "## Bursts: $(date -u +%Y-%m-%d), $(nproc) CPUs, $(java -version 2>&1 | head -1)"
  echo
  echo "\`bench/burst.sh\`: $COUNT simultaneous adds on $COUNT keep-alive connections kept from burst to burst"
  echo "(every request written by one thread in a tight loop: $(field fast 16) ms from the first to the last in the fast"
  echo "burst) at the packaged gateway (64 permits, 5 s deadline, small-pod JVM flags), driver on CPU $LOAD_CPU,"
  echo "gateway and provider double on CPU $SERVER_CPU. Times from each request's write to the end of its answer."
  echo "Warmed with $WARM_ADDS adds at the fast provider; the measured slow bursts come after $WARM_SLOW slow bursts"
  echo "that refuse, so that C2 has compiled the refusal path too; \`cold\` is the first slow burst, a"
  echo "replica refusing for the first time."
  echo "Load average at the end (the machine is shared): $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Gateway JVM flags: \`$BENCH_JAVA_OPTS\`."
  echo
  echo "| burst | provider answers in | 200 | provider_busy | provider_timeout | other | 200 p50 / p99 / max ms | busy p50 / p99 / max ms | answers after the deadline | sent to the provider | gateway CPU µs per request: all / event loop / GC / JIT |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk '$1 == "RESULT" {printf "| %s | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s | %s | %s | %s / %s / %s / %s |\n", $2, $2 == "fast" ? "20 ms" : "2 s", $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $18, $19, $20, $21, $22}' "$work/bursts.txt"
  echo
  echo "- fast: all $COUNT answered 200, none after the deadline: $(check "$(( $(field fast 4) == COUNT && $(field fast 14) == 0 ))")"
  echo "- slow, each of the $SLOW_RUNS measured bursts: refusals within 100 ms (slowest $slowest ms), all with Retry-After: $(check $refusals_met)"
  echo "- slow, each of the $SLOW_RUNS measured bursts: every request not refused answered 200, none provider_timeout, the provider got exactly those: $(check $slow_met)"
  echo "- cold (first slow burst, refusal path not yet compiled): slowest refusal $(field cold 13) ms"
  echo
  echo "Memory per request held in the gateway (the provider stalls; $COUNT requests held, $waiting of them"
  echo "waiting for a permit, the others holding one): heap after a full GC $((heap_idle / 1024)) → $((heap_held / 1024)) MiB,"
  echo "$(per_request "$heap_idle" "$heap_held" "$COUNT") bytes per request; RSS $((rss_idle / 1024)) → $((rss_held / 1024)) MiB, $(per_request "$rss_idle" "$rss_held" "$COUNT") bytes per request."
} > bench/results/burst.md
cat bench/results/burst.md
