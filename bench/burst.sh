#!/usr/bin/env bash
# Bursts at the packaged gateway: what a provider's deadline-aware admission does with 1,000
# simultaneous adds, and what one waiting request costs in memory.
#
#   bench/burst.sh [--reuse]        (--reuse: keep target/quarkus-app if it is there)
#
# Needs a JDK (java, jcmd), taskset (util-linux) and curl. Loopback only. The provider double
# (bench/burst/ProviderDouble.java, Chert's answer after a settable delay) and the gateway (prod
# profile, HMAC mode, caller auth on, the caller's rate limit raised, small-pod JVM flags) run on
# CPU 1; the driver (bench/burst/BurstDriver.java: opens every connection, then one thread writes
# every request in a tight loop and reads the answers through a selector) on CPU 0.
#   fast  COUNT adds to a provider answering in 20 ms, 64 permits: all 200, none after the deadline
#   slow  the same burst at a provider answering in 2 s (read timeout 3 s), 64 permits: those that
#         cannot finish by the 5 s deadline refused in < 100 ms, the rest 200, no provider_timeout
#   memory  COUNT adds held in the gateway (the provider stalls, deadline 30 s): heap after a full
#         GC and RSS, before and while they wait, per request held
# Each scenario first warms the gateway (the slow one with bursts of the same size, so that refusing
# is warm too) and lets it learn the provider's latency. Writes
# bench/results/burst.md; raw output under target/burst/.
#
# Tunables (environment): COUNT=1000 BENCH_JAVA_OPTS (default: the image's JVM flags,
# bench/pod-jvm.sh, as bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1000}
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
burst() { # count deadline-ms -> the driver's output
  taskset -c $LOAD_CPU java -Xss256k -cp "$work/classes" BurstDriver $GATEWAY_PORT "$1" "$CALLER_KEY" "$2"
}
heap_used_kib() { # after a full GC
  jcmd "$gateway_pid" GC.run > /dev/null
  jcmd "$gateway_pid" GC.heap_info | awk '/generation/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); s += v}} END {print s}'
}
rss_kib() { awk '$1 == "VmRSS:" {print $2}' "/proc/$gateway_pid/status"; }
metric() { curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# --- fast and slow: one gateway, read timeout 3 s so a 2 s answer is an answer ---------------
start_gateway bursts -Dgateway.chert.read-timeout=3s
provider PUT /delay/20
echo "== warming up (20 ms provider)"
for _ in 1 2 3 4 5; do burst 500 5000 > /dev/null; done
burst 64 5000 > /dev/null
sent_before=$(provider GET /count)
echo "== fast: $COUNT simultaneous adds, provider answers in 20 ms"
burst "$COUNT" 5000 | tee "$work/fast.txt"
fast_sent=$(($(provider GET /count) - sent_before))

provider PUT /delay/2000
echo "== learning the slow provider's latency (2 s), and warming the refusal path"
burst 64 5000 > /dev/null
burst "$COUNT" 5000 > /dev/null
burst "$COUNT" 5000 > /dev/null
sent_before=$(provider GET /count)
echo "== slow: $COUNT simultaneous adds, provider answers in 2 s"
burst "$COUNT" 5000 | tee "$work/slow.txt"
slow_sent=$(($(provider GET /count) - sent_before))
stop_gateway

# --- memory: requests held in the gateway ---------------------------------------------------
start_gateway memory -Dgateway.chert.deadline=30s -Dgateway.chert.read-timeout=40s \
  -Dgateway.idempotency.lease=60s
provider PUT /delay/20
for _ in 1 2 3; do burst 500 30000 > /dev/null; done
heap_idle=$(heap_used_kib)
rss_idle=$(rss_kib)
provider PUT /delay/60000
burst "$COUNT" 30000 > /dev/null 2>&1 &
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
field() { awk -v f="$2" '/^RESULT/ {print $f}' "$work/$1.txt"; }
check() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
per_request() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.0f", (b - a) * 1024 / n}'; }
{
  echo "## Bursts: $(date -u +%Y-%m-%d), $(nproc) CPUs, $(java -version 2>&1 | head -1)"
  echo
  echo "\`bench/burst.sh\`: $COUNT simultaneous adds (every connection opened first, then every request"
  echo "written by one thread in a tight loop: fast $(field fast 15) ms, slow $(field slow 15) ms from the first to the last) at"
  echo "the packaged gateway (64 permits, 5 s deadline, small-pod JVM flags), driver on CPU $LOAD_CPU, gateway and"
  echo "provider double on CPU $SERVER_CPU. Times from each request's write to the end of its answer."
  echo "Load average at the end (the machine is shared): $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Gateway JVM flags: \`$BENCH_JAVA_OPTS\`."
  echo
  echo "| scenario | 200 | provider_busy | provider_timeout | other | 200 p50 / p99 / max ms | busy p50 / p99 / max ms | answers after the deadline | sent to the provider |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for s in fast slow; do
    sent=$fast_sent
    [ $s = slow ] && sent=$slow_sent
    awk -v s=$s -v sent="$sent" '/^RESULT/ {printf "| %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s | %s | %s |\n", s == "fast" ? "provider answers in 20 ms" : "provider answers in 2 s", $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, sent}' "$work/$s.txt"
  done
  echo
  echo "- fast: all $COUNT answered 200, none after the deadline: $(check "$(( $(field fast 3) == COUNT && $(field fast 13) == 0 ))")"
  echo "- slow: refusals within 100 ms (slowest $(field slow 12) ms), all with Retry-After: $(check "$(( $(field slow 4) > 0 && $(field slow 12) < 100 && $(field slow 14) == 0 ))")"
  echo "- slow: every request not refused answered 200, none provider_timeout, the provider got exactly those: $(check "$(( $(field slow 3) + $(field slow 4) == COUNT && $(field slow 5) == 0 && slow_sent == $(field slow 3) ))")"
  echo
  echo "Memory per request held in the gateway (the provider stalls; $COUNT requests held, $waiting of them"
  echo "waiting for a permit, the others holding one): heap after a full GC $((heap_idle / 1024)) → $((heap_held / 1024)) MiB,"
  echo "$(per_request "$heap_idle" "$heap_held" "$COUNT") bytes per request; RSS $((rss_idle / 1024)) → $((rss_held / 1024)) MiB, $(per_request "$rss_idle" "$rss_held" "$COUNT") bytes per request."
} > bench/results/burst.md
cat bench/results/burst.md
