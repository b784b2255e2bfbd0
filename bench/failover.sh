#!/usr/bin/env bash
# What gateway.redis.min-replica-acks=1 costs a keyed add, and the failover window callers see.
#
#   bench/failover.sh [--reuse]        (--reuse: keep target/quarkus-app if it is there)
#
# Needs redis-server (Redis 7), Debian's nginx-light and wrk, taskset and curl. Loopback only: a
# Redis primary with two replicas and three Sentinels (quorum 2, down after 1 s), nginx answering
# as both providers, the packaged gateway on the Sentinel client with the Redis idempotency store.
# Layout as bench/run.sh: wrk and curl on CPU 0; Redis, nginx and the gateway on CPU 1.
#   cost:     ROUNDS=2 rounds of acks 0 then 1, each a fresh gateway warmed for WARMUP=20 s, then
#             SECONDS_PER_RUN=20 s at RATE=200 keyed adds/s (each its own Idempotency-Key):
#             p50/p99, gateway CPU µs per request, Redis (all three servers) CPU µs per request.
#   window:   for acks 0 and 1, a fresh Redis set and gateway; a caller sends a keyed add every
#             PROBE_MS=20 ms; the primary is killed (SIGKILL); prints kill -> first 503, kill ->
#             Sentinel switch, first 503 -> first 200 (times a request started: a request started
#             just before the kill can answer 503), and the answers by status.
# Writes bench/results/failover.md; raw output under target/bench-failover/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-20}
SECS=${SECONDS_PER_RUN:-20}
RATE=${RATE:-200}
PROBE_MS=${PROBE_MS:-20}
CONNECTIONS=20
PRIMARY_PORT=16390
REPLICA_PORTS="16391 16392"
SENTINEL_PORTS="26390 26391 26392"
UPSTREAM_PORT=18390
GATEWAY_PORT=18391

for tool in redis-server redis-cli nginx wrk taskset curl; do
  command -v $tool > /dev/null || {
    echo "bench/failover.sh needs $tool: apt-get install -y redis-server nginx-light wrk curl" >&2
    exit 2
  }
done
bench_start bench-failover "${1:-}"

# --- nginx as both providers --------------------------------------------------------------------
cat > "$work/nginx.conf" << EOF
worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT backlog=4096;
    default_type application/json;
    location ~ ^/api/v1/messages/[^/]+/react\$ {
      return 200 '{"status":"sent","message_id":"msg_7f3a9c","reaction":"love"}';
    }
    location ~ ^/api/partner/v2/chat_messages/[0-9]+/reactions\$ {
      return 201 '{"data":{"id":90210,"chat_message_id":48213,"reaction":"like","sent_at":"2026-11-22T06:00:00.000Z"}}';
    }
    location / { return 404; }
  }
}
EOF
taskset -c $SERVER_CPU nginx -p "$work" -c "$work/nginx.conf" &
pids+=($!)

# --- Redis: a primary, two replicas, three Sentinels --------------------------------------------
redis_pids=()
start_redis() { # port [replicaof-port]
  local args=(--port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$work")
  [ -n "${2:-}" ] && args+=(--replicaof 127.0.0.1 "$2")
  taskset -c $SERVER_CPU redis-server "${args[@]}" > "$work/redis-$1.log" 2>&1 &
  redis_pids+=($!)
  until redis-cli -p "$1" ping > /dev/null 2>&1; do sleep 0.05; done
}
start_redis_set() {
  redis_pids=()
  start_redis $PRIMARY_PORT
  for port in $REPLICA_PORTS; do start_redis "$port" $PRIMARY_PORT; done
  for port in $REPLICA_PORTS; do
    until redis-cli -p "$port" info replication | grep -q master_link_status:up; do sleep 0.1; done
  done
  for port in $SENTINEL_PORTS; do
    printf '%s\n' "port $port" "bind 127.0.0.1" "dir $work" "sentinel resolve-hostnames no" \
      "sentinel monitor gateway 127.0.0.1 $PRIMARY_PORT 2" \
      "sentinel down-after-milliseconds gateway 1000" "sentinel failover-timeout gateway 2000" \
      > "$work/sentinel-$port.conf"
    taskset -c $SERVER_CPU redis-server "$work/sentinel-$port.conf" --sentinel \
      > "$work/sentinel-$port.log" 2>&1 &
    redis_pids+=($!)
  done
  for port in $SENTINEL_PORTS; do
    until redis-cli -p "$port" sentinel master gateway 2> /dev/null | tr '\n' ' ' \
      | grep -q "num-slaves 2 .*num-other-sentinels 2"; do sleep 0.2; done
  done
}
stop_redis_set() {
  kill -9 "${redis_pids[@]}" 2> /dev/null || true
  wait "${redis_pids[@]}" 2> /dev/null || true
}
trap 'stop_redis_set; bench_cleanup' EXIT

# --- the gateway --------------------------------------------------------------------------------
key_hash=$(printf %s "$CALLER_KEY" | sha256sum | cut -d' ' -f1)
sentinels=$(for port in $SENTINEL_PORTS; do printf 'redis://127.0.0.1:%s,' "$port"; done)
gateway_pid=""
start_gateway() { # min-replica-acks
  # shellcheck disable=SC2086
  taskset -c $SERVER_CPU java $BENCH_JAVA_OPTS \
    -XX:SharedArchiveFile="$PWD/target/quarkus-app/app-cds.jsa" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dquarkus.http.port=$GATEWAY_PORT \
    -Dgateway.chert.base-url=http://127.0.0.1:$UPSTREAM_PORT -Dgateway.chert.allow-http=true \
    -Dgateway.chert.tenant=tenant_bench -Dgateway.chert.signing-secret=bench-signing-secret \
    -Dgateway.linq.base-url=http://127.0.0.1:$UPSTREAM_PORT -Dgateway.linq.allow-http=true \
    -Dgateway.linq.integration-token=linq-bench-token-0123456789abcdef \
    -Dgateway.auth.callers.bench.key-sha256="$key_hash" \
    -Dgateway.auth.callers.bench.rate-limit=100000 \
    -Dgateway.idempotency.store=redis -Dquarkus.redis.client-type=sentinel \
    -Dquarkus.redis.hosts="${sentinels%,}" -Dquarkus.redis.master-name=gateway \
    -Dquarkus.redis.role=master -Dgateway.redis.min-replica-acks="$1" \
    -jar "$PWD/target/quarkus-app/quarkus-run.jar" \
    > >(taskset -c $LOAD_CPU tail -n 2000 > "$work/gateway-acks$1.log") 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  until [ "$(add "start-$RANDOM-$RANDOM")" = 200 ]; do sleep 0.1; done
}
stop_gateway() {
  kill "$gateway_pid"
  wait "$gateway_pid" 2> /dev/null || true
}
add() { # key -> HTTP status of one keyed Linq add
  taskset -c $LOAD_CPU curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    -H "Authorization: Bearer $CALLER_KEY" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $1" -d '{"messageId":"linq:48213","reaction":"like"}' \
    "http://127.0.0.1:$GATEWAY_PORT/v1/reactions" || true
}
keyed_run() { # label seconds [delay-ms] -> "label requests errors rps p50 p99 gw_us redis_us"
  local label=$1 secs=$2 delay=${3:-} gw_before redis_before out ticks
  gw_before=$(cpu_ticks "$gateway_pid")
  redis_before=$(cpu_ticks "${redis_pids[@]:0:3}")
  out=$(BENCH_TARGET=gateway BENCH_KEY_PREFIX="$label-$RANDOM$RANDOM" BENCH_DELAY_MS=$delay \
    taskset -c $LOAD_CPU wrk -t1 -c$CONNECTIONS -d"${secs}s" --timeout 10s \
    -s bench/reactions.lua "http://127.0.0.1:$GATEWAY_PORT" | tee -a "$work/wrk.log" | grep '^RESULT')
  ticks=$(getconf CLK_TCK)
  awk -v label="$label" -v gw="$(($(cpu_ticks "$gateway_pid") - gw_before))" \
    -v rd="$(($(cpu_ticks "${redis_pids[@]:0:3}") - redis_before))" -v hz="$ticks" \
    '{printf "%s %d %d %.0f %.2f %.2f %.0f %.0f\n", label, $2, $3, $4, $5 / 1000, $7 / 1000,
      gw * 1e6 / hz / $2, rd * 1e6 / hz / $2}' <<< "$out"
}

# --- cost of a replica acknowledgement ----------------------------------------------------------
delay_ms=$((CONNECTIONS * 1000 / RATE))
echo "== cost: $ROUNDS rounds of acks 0 then 1, $SECS s at $RATE keyed adds/s" >&2
start_redis_set
: > "$work/cost.txt"
for round in $(seq "$ROUNDS"); do
  for acks in 0 1; do
    start_gateway $acks
    keyed_run warmup "$WARMUP" > /dev/null
    keyed_run "acks$acks" "$SECS" "$delay_ms" | tee -a "$work/cost.txt" >&2
    stop_gateway
  done
done
stop_redis_set
median() { # acks column -> median of that column over the rounds
  awk -v label="acks$1" -v c="$2" '$1 == label {print $c}' "$work/cost.txt" | sort -g \
    | awk '{v[NR] = $1} END {printf "%.2f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# --- the failover window ------------------------------------------------------------------------
window() { # acks -> one line of figures
  local acks=$1 log="$work/window-acks$1.txt" killed switched i=0
  start_redis_set
  start_gateway "$acks"
  : > "$log"
  local pause
  pause=$(awk -v ms="$PROBE_MS" 'BEGIN {print ms / 1000}')
  (
    while :; do
      echo "$(date +%s%3N) $(add "window-$acks-$RANDOM$RANDOM$RANDOM")" >> "$log"
      sleep "$pause"
    done
  ) &
  local prober=$!
  sleep 3
  killed=$(date +%s%3N)
  kill -9 "${redis_pids[0]}"
  until [ "$(redis-cli -p "${SENTINEL_PORTS%% *}" sentinel get-master-addr-by-name gateway \
    | tail -1)" != $PRIMARY_PORT ]; do sleep 0.02; done
  switched=$(date +%s%3N)
  # until a 200 follows the first 503, plus 2 s, at most 60 s
  while [ $i -lt 3000 ]; do
    awk '$2 == 503 {bad = 1} bad && $2 == 200 {found = 1} END {exit !found}' "$log" && break
    sleep 0.02
    i=$((i + 1))
  done
  sleep 2
  kill "$prober"
  wait "$prober" 2> /dev/null || true
  stop_gateway
  stop_redis_set
  awk -v acks="$acks" -v killed="$killed" -v switched="$switched" '
    $2 == 503 && !first503 {first503 = $1}
    first503 && $2 == 200 && !back {back = $1}
    $1 >= killed {count[$2]++}
    END {
      for (s in count) answers = answers sprintf(" %s×%d", s, count[s])
      printf "acks %s: kill -> first 503 %d ms, kill -> Sentinel switch %d ms, first 503 -> first 200 %d ms; answers after the kill:%s\n",
        acks, first503 - killed, switched - killed, back - first503, answers
    }' "$log"
}
echo "== failover window" >&2
windows=$(window 0; window 1)

{
  echo "# Redis replica acknowledgements and failover ($(date -u +%Y-%m-%d), bench/failover.sh)"
  echo
  echo "Loopback, 2 CPUs (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end): wrk and curl on one,"
  echo "Redis (primary, two replicas, three Sentinels; its CPU includes their monitoring),"
  echo "nginx and the gateway (image JVM flags) on the other. Keyed adds (each its own"
  echo "Idempotency-Key) at $RATE/s for $SECS s per run, $ROUNDS rounds, medians."
  echo
  echo "| gateway.redis.min-replica-acks | p50 ms | p99 ms | gateway CPU µs/req | Redis CPU µs/req (3 servers) |"
  echo "|---|---|---|---|---|"
  for acks in 0 1; do
    echo "| $acks | $(median $acks 5) | $(median $acks 6) | $(median $acks 7) | $(median $acks 8) |"
  done
  echo
  echo "Each run (label requests errors req/s p50 p99 gateway-µs redis-µs):"
  echo
  sed 's/^/    /' "$work/cost.txt"
  echo
  echo "Failover (SIGKILL of the primary; Sentinels down-after 1 s, quorum 2; a keyed add every $PROBE_MS ms):"
  echo
  sed 's/^/- /' <<< "$windows"
} | tee bench/results/failover.md
