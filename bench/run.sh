#!/usr/bin/env bash
# The gateway against a plain reverse proxy, on one machine, loopback only.
#
#   bench/run.sh [--reuse]        (--reuse: keep target/quarkus-app if it is there)
#
# Needs Debian's nginx-light, wrk and gnuplot-nox (apt-get install -y nginx-light wrk gnuplot-nox),
# plus taskset (util-linux) and curl. Targets, all answering the same Chert and Linq reaction
# routes with the providers' own bodies:
#   direct   nginx with canned answers (the upstream stand-in), called directly
#   nginx    an nginx reverse proxy in front of it (keep-alive upstream pool): one plain hop
#   floor    bench/floor: a bare hop on the gateway's stack (Quarkus REST resource returning Uni,
#            Quarkus REST Client; parse, HMAC-sign, one POST, map the answer), the same JVM flags:
#            what the stack costs before any of the gateway's features (run beside the gateway,
#            measured in turns with the other targets)
#   gateway  the packaged gateway, prod profile, HMAC mode, caller auth on, small-pod JVM flags
# Layout: wrk on CPU 0; upstream, proxy, floor and gateway on CPU 1.
# Measures (RUNS times each, medians with min-max): closed-loop capacity (req/s, server CPU per
# request); latency at a fixed rate (p50/p90/p99/p99.9); gateway RSS peak and after load; gateway
# start to first 200. Side by side (both loaded at once on the server CPU, so the machine's drift
# touches both alike): the gateway's rate per CPU against the floor's, and at 256 connections
# against 64 (a second gateway, target gateway-b). Then a latency-vs-offered-load sweep (plot), the
# gateway's and the floor's scaling from 1 to 256 connections, in turns, and the gateway's RSS
# after 10k and after 1M requests.
# Writes bench/results/latest.md and bench/results/latency.png; raw output under target/bench/.
#
# Tunables (environment): RUNS=3 SECONDS_PER_RUN=10 RATE=1000 CONNECTIONS=64 SWEEP="500 1000 ..."
#   LONG_RUN=1000000 (requests before the second RSS reading) WARMUP=30 (seconds per warm-up round;
#   the gateway gets rounds until its capacity settles, at most WARMUP_MAX=360 s: one CPU compiles
#   for minutes) BENCH_JAVA_OPTS (default: the image's JVM flags, bench/pod-jvm.sh).
#   PROFILE=1: at the end, a CPU profile of the warm gateway under closed-loop load for
#   PROFILE_SECONDS=60 (async-profiler, fetched from Maven Central, attached with the JDK's jcmd),
#   kept as target/bench/profile.collapsed and summarised by layer in the report; then as long an
#   allocation profile (target/bench/profile-alloc.collapsed, bytes per stack) and the bytes
#   allocated per request.
#   Full-store phase (last, fresh start, with -XX:NativeMemoryTracking=summary): STORE_KEYS=50000
#   keyed requests (each its own Idempotency-Key: the memory store's default bound) fill the store,
#   then STORE_LOAD_SECONDS=120 of closed-loop keyed load keep it full; prints RSS peak, heap after
#   a full GC and the JVM's native memory summary at start and at the end.
#   ONLY=store: only that phase (no comparison, no report; output under target/bench/store/).
#   ONLY=profile: only the profile (fresh start, warm-up, PROFILE_SECONDS of load; no report);
#   PROFILE_TARGET=floor profiles the floor instead, to compare layer by layer.
#   ONLY=scale: SCALE_TARGET=gateway (or floor), warmed, then SECONDS_PER_RUN at 64 and at 256
#   connections in turn, SCALE_ROUNDS=3 times, each run with the collector's share from jstat
#   (young and full collections, their time per request, the old generation's growth); SCALE_OPTS
#   are extra JVM options for it (e.g. -Xlog:gc+age=trace:file=/tmp/age.log for what each young
#   collection copies). No report; output under target/bench/scale.txt.
#   ONLY=ab: an interleaved A/B of two set-ups, AB_ROUNDS=2 rounds (A B, then B A), each a fresh JVM
#   warmed as above, then RUNS capacity and fixed-rate runs; prints each side's medians (no report).
#   A side is extra JVM options (AB_A, AB_B: e.g. -Dquarkus.some.key=value) on a packaged app
#   (AB_APP_A, AB_APP_B: a quarkus-app folder, default target/quarkus-app; copy one aside to
#   compare two builds). Output under target/bench/ab.txt.
#   ONLY=side: two targets under closed-loop load at once on the server CPU, warmed, RUNS runs;
#   prints each one's rate and CPU per request and B's rate per CPU as a share of A's (no report):
#   SIDE_A=floor:64 SIDE_B=gateway:64 (target:connections; targets floor, gateway, and gateway-b,
#   a second gateway). gateway runs AB_APP_A with AB_A, gateway-b AB_APP_B with AB_B: two builds
#   side by side (SIDE_A=gateway:64 SIDE_B=gateway-b:64) see the same machine in the same seconds.
#   Output under target/bench/side-side.txt.
# The gateway's log (a JSON line per request) goes through a pipe to a process on the load CPU that
# keeps its tail, as a container runtime's log pipe would, not to this machine's (slow) disk.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SECS=${SECONDS_PER_RUN:-10}
RATE=${RATE:-1000}
CONNECTIONS=${CONNECTIONS:-64}
SWEEP=${SWEEP:-"500 1000 2000 4000 8000 16000"}
SCALING=${SCALING:-"1 4 16 64 256"}
LONG_RUN=${LONG_RUN:-1000000}
PROFILE=${PROFILE:-0}
PROFILE_SECONDS=${PROFILE_SECONDS:-60}
STORE_KEYS=${STORE_KEYS:-50000}
STORE_LOAD_SECONDS=${STORE_LOAD_SECONDS:-120}
ONLY=${ONLY:-}
AB_ROUNDS=${AB_ROUNDS:-2}
AB_A=${AB_A:-}
AB_B=${AB_B:-}
AB_APP_A=${AB_APP_A:-$PWD/target/quarkus-app}
AB_APP_B=${AB_APP_B:-$PWD/target/quarkus-app}
ASYNC_PROFILER=tools.profiler:async-profiler:4.1
WARMUP=${WARMUP:-30}
WARMUP_MAX=${WARMUP_MAX:-360}
# shellcheck source=bench/common.sh
source bench/common.sh
UPSTREAM_PORT=18080
PROXY_PORT=18081
GATEWAY_PORT=18082
FLOOR_PORT=18083
GATEWAY_B_PORT=18084

for tool in nginx wrk gnuplot taskset curl; do
  command -v "$tool" > /dev/null || {
    echo "bench/run.sh needs $tool: apt-get install -y nginx-light wrk gnuplot-nox curl" >&2
    exit 2
  }
done
[ "$(nproc)" -ge 2 ] || { echo "bench/run.sh needs 2 CPUs (load on one, servers on the other)" >&2; exit 2; }

bench_start bench "${1:-}"
if [[ "${1:-}" != "--reuse" || ! -f bench/floor/target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q -f bench/floor/pom.xml package
fi
mkdir -p "$work/tmp"
# The build makes the class-data archive (quarkus.package.jar.appcds.enabled) for this JDK, as the
# container image makes its own: the JVM maps the classes loaded during start from it.
[ -f target/quarkus-app/app-cds.jsa ] || {
  echo "target/quarkus-app/app-cds.jsa is missing: rebuild without --reuse" >&2
  exit 2
}

# --- nginx: upstream stand-in and reverse proxy -------------------------------------------------
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
nginx_conf() { # name, server block
  cat > "$work/$1.conf" << EOF
$user_line
worker_processes 1;
daemon off;
pid $work/$1.pid;
error_log $work/$1-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/tmp/$1-body;
  proxy_temp_path $work/tmp/$1-proxy;
  fastcgi_temp_path $work/tmp/$1-fastcgi;
  uwsgi_temp_path $work/tmp/$1-uwsgi;
  scgi_temp_path $work/tmp/$1-scgi;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  $2
}
EOF
}
nginx_conf upstream "
  server {
    listen 127.0.0.1:$UPSTREAM_PORT backlog=4096;
    default_type application/json;
    location ~ ^/api/v1/messages/[^/]+/react\$ {
      add_header X-Trace-ID tr_01HBENCH7F3A9C always;
      return 200 '{\"status\":\"sent\",\"message_id\":\"msg_7f3a9c\",\"reaction\":\"love\"}';
    }
    location ~ ^/api/partner/v2/chat_messages/[0-9]+/reactions\$ {
      add_header X-Trace-ID tr_01HBENCH48213 always;
      return 201 '{\"data\":{\"id\":90210,\"chat_message_id\":48213,\"reaction\":\"like\",\"is_from_me\":true,\"from_phone\":\"+15550100000\",\"sent_at\":\"2026-11-22T06:00:00.000Z\",\"created_at\":\"2026-11-22T06:00:00.000Z\",\"updated_at\":\"2026-11-22T06:00:00.000Z\"}}';
    }
    location / { return 404; }
  }"
nginx_conf proxy "
  upstream providers { server 127.0.0.1:$UPSTREAM_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$PROXY_PORT backlog=4096;
    location / {
      proxy_pass http://providers;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"

start_nginx() {
  taskset -c $SERVER_CPU nginx -p "$work" -c "$work/$1.conf" &
  pids+=($!)
}
start_nginx upstream
start_nginx proxy
for port in $UPSTREAM_PORT $PROXY_PORT; do
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.05
  done
done

# --- gateway ------------------------------------------------------------------------------------
key_hash=$(printf %s "$CALLER_KEY" | sha256sum | cut -d' ' -f1)
gateway_pid=""
gateway_starts=0
extra_java_opts=""
app_dir=$PWD/target/quarkus-app
start_gateway() {
  launch_gateway $GATEWAY_PORT "$app_dir" "$extra_java_opts"
  gateway_pid=$launched_pid
}
launched_pid=""
launch_gateway() { # port quarkus-app-dir extra-JVM-options; sets launched_pid (log: gateway-N.log)
  gateway_starts=$((gateway_starts + 1))
  # shellcheck disable=SC2086
  taskset -c $SERVER_CPU java $BENCH_JAVA_OPTS $3 \
    -XX:SharedArchiveFile="$2/app-cds.jsa" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dquarkus.http.port="$1" \
    -Dgateway.chert.base-url=http://127.0.0.1:$UPSTREAM_PORT -Dgateway.chert.allow-http=true \
    -Dgateway.chert.tenant=tenant_bench -Dgateway.chert.signing-secret=bench-signing-secret \
    -Dgateway.linq.base-url=http://127.0.0.1:$UPSTREAM_PORT -Dgateway.linq.allow-http=true \
    -Dgateway.linq.integration-token=linq-bench-token-0123456789abcdef \
    -Dgateway.auth.callers.bench.key-sha256="$key_hash" \
    -Dgateway.auth.callers.bench.rate-limit=100000 \
    -jar "$2/quarkus-run.jar" \
    > >(taskset -c $LOAD_CPU tail -n 2000 > "$work/gateway-$gateway_starts.log") 2>&1 &
  launched_pid=$!
  pids+=("$launched_pid")
}
stop_gateway() {
  kill "$gateway_pid"
  wait "$gateway_pid" 2> /dev/null || true
}
# The floor (bench/floor): a minimal hop on the same stack, run with the same JVM flags.
floor_pid=""
start_floor() {
  local started
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  taskset -c $SERVER_CPU java $BENCH_JAVA_OPTS $extra_java_opts \
    -XX:SharedArchiveFile="$PWD/bench/floor/target/quarkus-app/app-cds.jsa" \
    -Dquarkus.http.port=$FLOOR_PORT \
    -Dquarkus.rest-client.upstream.url=http://127.0.0.1:$UPSTREAM_PORT \
    -jar "$PWD/bench/floor/target/quarkus-app/quarkus-run.jar" > "$work/floor.log" 2>&1 &
  floor_pid=$!
  pids+=("$floor_pid")
  await_200 $FLOOR_PORT "$started" "$work/floor.log"
}
start_target() { # floor or gateway, started and answering
  if [ "$1" = floor ]; then start_floor; else first_200; fi
}
first_200() { # sets start_ms: ms from launch to the first 200 on POST /v1/reactions
  local started now
  started=$(date +%s%N)
  start_gateway
  await_200 $GATEWAY_PORT "$started"
  now=$(date +%s%N)
  start_ms=$(((now - started) / 1000000))
}
await_200() { # port launch-time-ns [log]: until the target there answers 200 on POST /v1/reactions
  until [ "$(taskset -c $LOAD_CPU curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
    -H "Authorization: Bearer $CALLER_KEY" -H 'Content-Type: application/json' \
    -d '{"messageId":"chert:msg_7f3a9c","reaction":"love"}' \
    "http://127.0.0.1:$1/v1/reactions")" = 200 ]; do
    if ((($(date +%s%N) - $2) / 1000000 > 30000)); then
      echo "port $1 did not answer 200 within 30 s; see ${3:-$work/gateway-$gateway_starts.log}" >&2
      exit 1
    fi
    sleep 0.005
  done
}
# A second gateway (target gateway-b), for side-by-side runs: AB_APP_B's build with AB_B's options.
gateway_b_pid=""
start_gateway_b() {
  local started
  started=$(date +%s%N)
  launch_gateway $GATEWAY_B_PORT "$AB_APP_B" "$AB_B"
  gateway_b_pid=$launched_pid
  await_200 $GATEWAY_B_PORT "$started"
}

# --- measuring ----------------------------------------------------------------------------------
url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$UPSTREAM_PORT" ;;
    nginx) echo "http://127.0.0.1:$PROXY_PORT" ;;
    gateway) echo "http://127.0.0.1:$GATEWAY_PORT" ;;
    gateway-b) echo "http://127.0.0.1:$GATEWAY_B_PORT" ;;
    floor) echo "http://127.0.0.1:$FLOOR_PORT" ;;
  esac
}
server_pids() { # the processes doing the target's work on the server CPU
  case $1 in
    direct) pgrep -f "nginx: worker" -P "$(cat "$work/upstream.pid")" ;;
    nginx) pgrep -f "nginx: worker" -P "$(cat "$work/proxy.pid")" ;;
    gateway) echo "$gateway_pid" ;;
    gateway-b) echo "$gateway_b_pid" ;;
    floor) echo "$floor_pid" ;;
  esac
}
rss_kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }
key_prefix="" # set: wrk_run's requests each carry an Idempotency-Key with this prefix
wrk_run() { # target connections seconds [delay-ms] -> "RESULT ..." + " cpu_us_per_req"
  local target=$1 conns=$2 secs=$3 delay=${4:-} before after line
  local kind=provider
  [ "$target" = direct ] || [ "$target" = nginx ] || kind=gateway
  # shellcheck disable=SC2046
  before=$(cpu_ticks $(server_pids "$target"))
  line=$(BENCH_TARGET=$kind BENCH_DELAY_MS=$delay BENCH_KEY_PREFIX=$key_prefix \
    taskset -c $LOAD_CPU wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s bench/reactions.lua \
    "$(url_of "$target")" | tee -a "$work/wrk-$target.log" | grep '^RESULT')
  # shellcheck disable=SC2046
  after=$(cpu_ticks $(server_pids "$target"))
  local requests
  requests=$(echo "$line" | awk '{print $2}')
  echo "$line $(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.1f", (n > 0) ? (t / hz * 1e6 / n) : 0}')"
}
# RESULT requests errors rps p50 p90 p99 p999 max cpu_us -> column numbers for stats()
stats() { # file column divisor -> "median (min-max)"
  awk -v c="$2" -v d="$3" '{print $c / d}' "$1" | sort -g | awk '
    {v[NR] = $1}
    END {m = v[int((NR + 1) / 2)]; printf "%s|%s|%s\n", m, v[1], v[NR]}'
}
fmt() { # "median|min|max" precision -> "m (min–max)"
  echo "$1" | awk -F'|' -v p="$2" '{printf "%." p "f (%." p "f–%." p "f)", $1, $2, $3}'
}
median_of() { echo "$1" | cut -d'|' -f1; }

heap_after_gc_kib() { # full GC, then the live heap (serial GC: young + tenured used)
  jcmd "$gateway_pid" GC.run > /dev/null
  jcmd "$gateway_pid" GC.heap_info | awk '/generation/ {
    for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); gsub(/[^0-9]/, "", v); u += v}
  } END {print u + 0}'
}
nmt_summary() { jcmd "$gateway_pid" VM.native_memory summary scale=KB > "$1"; }
nmt_committed_kib() { # NMT summary file, category ("Total" or e.g. "Thread") -> committed KiB
  awk -v c="$2" '
    c == "Total" && /^Total:/ {sub(/.*committed=/, ""); sub(/KB.*/, ""); print; exit}
    c != "Total" && $0 ~ "^-  *" c " \\(" {sub(/.*committed=/, ""); sub(/KB.*/, ""); print; exit}' "$1"
}
store_phase() { # sets store_* figures; raw output in $work/store/
  local dir=$work/store filled=0 round=0 line
  mkdir -p "$dir"
  [ -n "$gateway_pid" ] && stop_gateway
  extra_java_opts="-XX:NativeMemoryTracking=summary"
  first_200
  extra_java_opts=""
  store_start_ms=$start_ms
  nmt_summary "$dir/nmt-start.txt"
  jcmd "$gateway_pid" VM.native_memory baseline > /dev/null
  store_rss_start=$(rss_kib "$gateway_pid" VmRSS)
  store_heap_start=$(heap_after_gc_kib)
  # RSS once a second through the phase (on the load CPU), to see when the peak comes.
  (while kill -0 "$gateway_pid" 2> /dev/null; do
    echo "$(date +%s) $(rss_kib "$gateway_pid" VmRSS)"
    sleep 1
  done > "$dir/rss.txt" 2> /dev/null) &
  local sampler=$!
  : > "$dir/fill.txt"
  while ((filled < STORE_KEYS)); do
    round=$((round + 1))
    key_prefix="fill$round"
    line=$(wrk_run gateway "$CONNECTIONS" 10)
    echo "$line" >> "$dir/fill.txt"
    filled=$((filled + $(echo "$line" | awk '{print $2 - $3}')))
  done
  store_filled=$filled
  store_rss_filled=$(rss_kib "$gateway_pid" VmRSS)
  store_heap_filled=$(heap_after_gc_kib)
  key_prefix="load"
  wrk_run gateway "$CONNECTIONS" "$STORE_LOAD_SECONDS" > "$dir/load.txt"
  key_prefix=""
  kill "$sampler" 2> /dev/null || true
  store_hwm=$(rss_kib "$gateway_pid" VmHWM)
  store_rss_end=$(rss_kib "$gateway_pid" VmRSS)
  store_rss_anon=$(rss_kib "$gateway_pid" RssAnon)
  store_rss_file=$(rss_kib "$gateway_pid" RssFile)
  # The largest mappings by resident size, to tell heap, malloc arenas and mapped files apart.
  pmap -x "$gateway_pid" | sort -k3 -n -r | awk 'NR <= 40' > "$dir/pmap-end.txt"
  nmt_summary "$dir/nmt-end.txt"
  jcmd "$gateway_pid" VM.native_memory summary.diff scale=KB > "$dir/nmt-diff.txt"
  store_heap_end=$(heap_after_gc_kib)
  store_load_rps=$(awk '{printf "%.0f", $4}' "$dir/load.txt")
  store_load_cpu=$(awk '{print $10}' "$dir/load.txt")
  store_load_errors=$(cat "$dir/fill.txt" "$dir/load.txt" | awk '{e += $3} END {print e + 0}')
  {
    echo "Full store: $store_filled keyed requests filled the memory store (bound $STORE_KEYS), then" \
      "$STORE_LOAD_SECONDS s of closed-loop keyed load on $CONNECTIONS connections" \
      "($store_load_rps req/s, $store_load_cpu CPU µs/req; non-2xx or socket errors: $store_load_errors)."
    echo "RSS: $(mib "$store_rss_start") MiB at start, $(mib "$store_rss_filled") MiB full," \
      "$(mib "$store_rss_end") MiB after the load (anonymous $(mib "$store_rss_anon"), files" \
      "$(mib "$store_rss_file")), **peak $(mib "$store_hwm") MiB**;" \
      "heap after a full GC $(mib "$store_heap_start") MiB empty, $(mib "$store_heap_filled") MiB full" \
      "($(awk -v a="$store_heap_start" -v b="$store_heap_filled" -v n="$STORE_KEYS" 'BEGIN {printf "%.0f", (b - a) * 1024 / n}') bytes per key)," \
      "$(mib "$store_heap_end") MiB after the load."
    echo "Native memory (NMT, committed, start → end): total" \
      "$(mib "$(nmt_committed_kib "$dir/nmt-start.txt" Total)") → $(mib "$(nmt_committed_kib "$dir/nmt-end.txt" Total)") MiB;" \
      "$(for c in "Java Heap" Class Thread Code GC Compiler Internal Other Symbol "Native Memory Tracking" "Shared class space" "Arena Chunk"; do
        a=$(nmt_committed_kib "$dir/nmt-start.txt" "$c") b=$(nmt_committed_kib "$dir/nmt-end.txt" "$c")
        [ -n "$b" ] && printf '%s %s → %s, ' "$c" "$(mib "${a:-0}")" "$(mib "$b")"
      done | sed 's/, $//') MiB."
  } > "$dir/summary.md"
  cat "$dir/summary.md"
}
profile_phase() { # [target] a CPU profile of the running, warm target; summary in $work/profile.txt
  local target=${1:-gateway} pid
  pid=$(server_pids "$target")
  echo "== CPU profile of the $target under closed-loop load ($PROFILE_SECONDS s)"
  ./mvnw -B -q dependency:copy -Dartifact="$ASYNC_PROFILER" -DoutputDirectory="$work/profiler"
  (cd "$work/profiler" && jar xf async-profiler-*.jar linux-x64/libasyncProfiler.so)
  local profiler=$work/profiler/linux-x64/libasyncProfiler.so
  # jcmd takes the agent's options as one quoted argument.
  jcmd "$pid" JVMTI.agent_load "$profiler" '"start,event=cpu,interval=1ms,threads"' > /dev/null
  wrk_run "$target" "$CONNECTIONS" "$PROFILE_SECONDS" > /dev/null
  jcmd "$pid" JVMTI.agent_load "$profiler" \
    "\"stop,collapsed,file=$work/profile.collapsed\"" > /dev/null
  awk -f bench/profile-summary.awk "$work/profile.collapsed" | tee "$work/profile.txt"
  # Then where the garbage comes from: bytes allocated per stack (a sample every 256 KiB).
  jcmd "$pid" JVMTI.agent_load "$profiler" '"start,event=alloc,alloc=256k"' > /dev/null
  local line
  line=$(wrk_run "$target" "$CONNECTIONS" "$PROFILE_SECONDS")
  jcmd "$pid" JVMTI.agent_load "$profiler" \
    "\"stop,collapsed,total,file=$work/profile-alloc.collapsed\"" > /dev/null
  awk -v n="$(echo "$line" | awk '{print $2}')" '
    {total += $NF}
    END {printf "allocated: %.1f KiB per request (%d requests)\n", total / n / 1024, n}' \
    "$work/profile-alloc.collapsed" | tee -a "$work/profile.txt"
}
warm() { # [target] rounds of closed-loop load until its capacity settles; prints the seconds spent
  local target=${1:-gateway} spent=0 previous=0 current
  while ((spent < WARMUP_MAX)); do
    current=$(wrk_run "$target" $CONNECTIONS "$WARMUP" | awk '{printf "%.0f", $4}')
    spent=$((spent + WARMUP))
    if ((previous > 0 && current * 100 <= previous * 105 && current * 100 >= previous * 95)); then
      break
    fi
    previous=$current
  done
  echo $spent
}
ab_phase() { # interleaved A/B of two gateway set-ups; prints per-run figures and each side's medians
  local round side run line
  : > "$work/ab.txt"
  for round in $(seq "$AB_ROUNDS"); do
    # A then B in odd rounds, B then A in even ones, so a machine that drifts favours neither side.
    for side in $( ((round % 2)) && echo A B || echo B A); do
      if [ "$side" = A ]; then app_dir=$AB_APP_A extra_java_opts=$AB_A; else app_dir=$AB_APP_B extra_java_opts=$AB_B; fi
      first_200
      echo "round $round, $side: warm after $(warm) s"
      for run in $(seq "$RUNS"); do
        line=$(wrk_run gateway "$CONNECTIONS" "$SECS")
        echo "$side capacity $line" >> "$work/ab.txt"
        line=$(wrk_run gateway "$CONNECTIONS" "$SECS" "$rate_delay")
        echo "$side fixed $line" >> "$work/ab.txt"
      done
      echo "$side hwm $(rss_kib "$gateway_pid" VmHWM)" >> "$work/ab.txt"
      stop_gateway
      grep "^$side " "$work/ab.txt" | tail -$((2 * RUNS + 1)) |
        awk '$2 == "capacity" {printf "  capacity %s req/s, %s CPU µs/req\n", $6, $12}
             $2 == "fixed" {printf "  fixed %s req/s, p99 %.3f ms\n", $6, $9 / 1000}
             $2 == "hwm" {printf "  RSS peak %.0f MiB\n", $3 / 1024}'
    done
  done
  app_dir=$PWD/target/quarkus-app extra_java_opts=""
  for side in A B; do
    printf "%s: capacity median %.0f req/s, CPU median %.1f µs/req, p99 median %.3f ms, RSS peak max %.0f MiB\n" \
      "$side" "$(ab_sorted "$side" capacity 6 | ab_median)" "$(ab_sorted "$side" capacity 12 | ab_median)" \
      "$(ab_sorted "$side" fixed 9 | ab_median | awk '{print $1 / 1000}')" \
      "$(ab_sorted "$side" hwm 3 | tail -1 | awk '{print $1 / 1024}')"
  done
}
side_phase() { # name A:connections B:connections; appends to side-<name>.txt (see side_median)
  # Both targets under closed-loop load at once on the server CPU, RUNS times SECS: a machine
  # whose speed drifts, even within a run, moves both alike, and each one's CPU per request in the
  # same seconds says what it costs. Their ratio is B's rate per CPU as a share of A's.
  local a=${2%:*} ca=${2#*:} b=${3%:*} cb=${3#*:} run pa pb
  for run in $(seq "$RUNS"); do
    wrk_run "$a" "$ca" "$SECS" > "$work/tmp/side-a" &
    pa=$!
    wrk_run "$b" "$cb" "$SECS" > "$work/tmp/side-b" &
    pb=$!
    wait "$pa" "$pb"
    paste -d' ' "$work/tmp/side-a" "$work/tmp/side-b" | tee -a "$work/side-$1.txt" |
      awk -v a="$2" -v b="$3" -v r="$run" '{
        printf "side by side %d: %s %.0f req/s at %s CPU µs/req, %s %.0f req/s at %s: %s does %.2f× the rate per CPU\n",
          r, a, $4, $10, b, $14, $20, b, $10 / $20}'
  done
}
side_ratios() { # name -> each run's B rate per CPU as a share of A's (side-<name>.txt), a line each
  awk '{print $10 / $20}' "$work/side-$1.txt"
}
side_median() { side_ratios "$1" | sort -g | ab_median; }
side_runs() { side_ratios "$1" | awk '{printf "%s%.2f", (NR > 1 ? ", " : ""), $1}'; } # "0.57, 0.50, ..."
ab_sorted() { # side row-kind column -> that column of the side's rows in ab.txt, ascending
  awk -v s="$1" -v k="$2" -v c="$3" '$1 == s && $2 == k {print $c}' "$work/ab.txt" | sort -g
}
ab_median() { awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
gc_counters() { # pid -> "young-count young-seconds full-count full-seconds old-used-KiB"
  jstat -gc "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) h[$i] = i}
    NR == 2 {print $h["YGC"], $h["YGCT"], $h["FGC"], $h["FGCT"], $h["OU"]}'
}
scale_phase() { # [target] 64 and 256 connections in turn, each run with its collections
  local target=${1:-gateway} pid round conns before line after
  pid=$(server_pids "$target")
  : > "$work/scale.txt"
  for round in $(seq "${SCALE_ROUNDS:-3}"); do
    for conns in 64 256; do
      before=$(gc_counters "$pid")
      line=$(wrk_run "$target" "$conns" "$SECS")
      after=$(gc_counters "$pid")
      echo "$target $conns $line | $before | $after" >> "$work/scale.txt"
      echo "$line" | awk -v t="$target" -v c="$conns" -v b="$before" -v a="$after" '{
        split(b, x, " "); split(a, y, " "); n = $2
        printf "%s, %d connections: %.0f req/s, %s CPU µs/req; young GC %d (%.1f µs/req), full GC %d (%.1f µs/req), old generation %+.1f MiB\n",
          t, c, $4, $NF, y[1] - x[1], (y[2] - x[2]) * 1e6 / n, y[3] - x[3], (y[4] - x[4]) * 1e6 / n, (y[5] - x[5]) / 1024}'
    done
  done
}

rate_delay=$(((CONNECTIONS * 1000 + RATE / 2) / RATE))
case "$ONLY" in
  store)
    echo "== full idempotency store, then sustained load (ONLY=store)"
    store_phase
    exit 0
    ;;
  profile)
    start_target "${PROFILE_TARGET:-gateway}"
    echo "${PROFILE_TARGET:-gateway} warm after $(warm "${PROFILE_TARGET:-gateway}") s of load"
    profile_phase "${PROFILE_TARGET:-gateway}"
    exit 0
    ;;
  scale)
    target=${SCALE_TARGET:-gateway}
    extra_java_opts=${SCALE_OPTS:-}
    start_target "$target"
    echo "== $target at 64 and 256 connections, warm after $(warm "$target") s of load ${SCALE_OPTS:-}"
    scale_phase "$target"
    exit 0
    ;;
  ab)
    echo "== A/B, $AB_ROUNDS rounds: A=${AB_APP_A#"$PWD"/} $AB_A | B=${AB_APP_B#"$PWD"/} $AB_B"
    ab_phase
    exit 0
    ;;
  side)
    side_a=${SIDE_A:-floor:$CONNECTIONS} side_b=${SIDE_B:-gateway:$CONNECTIONS}
    echo "== side by side, $RUNS runs: A=$side_a B=$side_b (gateway: ${AB_APP_A#"$PWD"/} $AB_A;" \
      "gateway-b: ${AB_APP_B#"$PWD"/} $AB_B)"
    for target in "${side_a%:*}" "${side_b%:*}"; do
      case $target in
        floor) start_floor ;;
        gateway) app_dir=$AB_APP_A extra_java_opts=$AB_A first_200 ;;
        gateway-b) start_gateway_b ;;
      esac
    done
    for target in "${side_a%:*}" "${side_b%:*}"; do echo "$target warm after $(warm "$target") s"; done
    side_phase side "$side_a" "$side_b"
    printf "B's rate per CPU as a share of A's: median %.2f×\n" "$(side_median side)"
    exit 0
    ;;
esac

echo "== warming up and checking the targets"
for target in direct nginx; do
  for path in /api/v1/messages/msg_1/react /api/partner/v2/chat_messages/1/reactions; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -d '{}' "$(url_of $target)$path")
    [[ "$code" == 20? ]] || { echo "$target answered $code on $path" >&2; exit 1; }
  done
done

: > "$work/start.txt"
for run in $(seq "$RUNS"); do
  first_200
  echo "RESULT $start_ms" >> "$work/start.txt"
  echo "gateway start to first 200, run $run: $start_ms ms"
  if [ "$run" -lt "$RUNS" ]; then stop_gateway; fi
done
# A JVM on one CPU compiles for minutes: nginx gets one round, the gateway rounds until two in a
# row agree within 5 %.
for target in direct nginx; do wrk_run $target $CONNECTIONS "$WARMUP" > /dev/null; done
echo "gateway warm after $(warm) s of load"
# The floor runs beside the gateway (each idle while the other is measured) and every run measures
# the four targets in turn: a machine whose speed drifts over minutes moves them alike, so their
# ratios hold within the run.
start_floor
echo "floor warm after $(warm floor) s of load"

for target in direct nginx floor gateway; do
  : > "$work/capacity-$target.txt"
  : > "$work/fixed-$target.txt"
done
for run in $(seq "$RUNS"); do
  for target in direct nginx floor gateway; do
    wrk_run $target "$CONNECTIONS" "$SECS" >> "$work/capacity-$target.txt"
    wrk_run $target "$CONNECTIONS" "$SECS" "$rate_delay" >> "$work/fixed-$target.txt"
    echo "$target run $run: capacity $(tail -1 "$work/capacity-$target.txt" | awk '{print $4}') req/s," \
      "fixed rate p99 $(tail -1 "$work/fixed-$target.txt" | awk '{print $7}') µs"
  done
done
gateway_hwm=$(rss_kib "$gateway_pid" VmHWM)
gateway_rss=$(rss_kib "$gateway_pid" VmRSS)

echo "== side by side: the floor and the gateway loaded at once"
side_phase floor "floor:$CONNECTIONS" "gateway:$CONNECTIONS"

echo "== latency against offered load"
: > "$work/sweep.dat"
for rate in $SWEEP; do
  conns=$((rate / 50 < 8 ? 8 : rate / 50))
  delay=$(((conns * 1000 + rate / 2) / rate))
  row="$rate"
  for target in direct nginx gateway; do
    line=$(wrk_run $target "$conns" "$SECS" "$delay")
    row="$row $(echo "$line" | awk '{printf "%s %.3f %.3f", $4, $5 / 1000, $7 / 1000}')"
  done
  echo "$row" | tee -a "$work/sweep.dat"
done

echo "== gateway and floor scaling with connections (in turns)"
: > "$work/scaling.txt"
: > "$work/scaling-floor.txt"
for conns in $SCALING; do
  echo "$conns $(wrk_run gateway "$conns" "$SECS")" | tee -a "$work/scaling.txt"
  echo "$conns $(wrk_run floor "$conns" "$SECS")" | tee -a "$work/scaling-floor.txt"
done
kill "$floor_pid"
wait "$floor_pid" 2> /dev/null || true

echo "== side by side: the gateway at 64 connections and a second one at 256, then swapped"
start_gateway_b
echo "second gateway warm after $(warm gateway-b) s of load"
side_phase 256 gateway:64 gateway-b:256
side_phase 256 gateway-b:64 gateway:256
kill "$gateway_b_pid"
wait "$gateway_b_pid" 2> /dev/null || true

echo "== gateway RSS after 10k and after $LONG_RUN requests (fresh start)"
stop_gateway
first_200
rss_10k_served=$(wrk_run gateway $CONNECTIONS $((10000 / RATE)) "$rate_delay" | awk '{print $2}')
rss_10k=$(rss_kib "$gateway_pid" VmRSS)
served=$rss_10k_served
while ((served < LONG_RUN)); do
  served=$((served + $(wrk_run gateway $CONNECTIONS 30 | awk '{print $2}')))
done
rss_1m=$(rss_kib "$gateway_pid" VmRSS)
rss_1m_hwm=$(rss_kib "$gateway_pid" VmHWM)
echo "after $rss_10k_served requests: $rss_10k KiB; after $served: $rss_1m KiB (peak $rss_1m_hwm KiB)"

if [ "$PROFILE" = 1 ]; then
  profile_phase
fi

echo "== full idempotency store, then sustained load (fresh start)"
store_phase

# --- report -------------------------------------------------------------------------------------
starts=$(fmt "$(stats "$work/start.txt" 2 1)" 0)
errors=$(cat "$work"/capacity-*.txt "$work"/fixed-*.txt | awk '{e += $3} END {print e + 0}')
declare -A cap p99
{
  echo "# Benchmark: $(date -u +%Y-%m-%d), $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(java -version 2>&1 | head -1)"
  echo
  echo "wrk on CPU $LOAD_CPU; upstream, proxy, floor and gateway on CPU $SERVER_CPU; loopback. $RUNS runs of ${SECS} s each, median (min–max)."
  echo "Capacity: closed loop, $CONNECTIONS connections. Latency: fixed rate ≈ $RATE req/s on $CONNECTIONS connections."
  echo "CPU/request: the target's own server processes (the gateway's JVM; nginx workers), capacity runs."
  echo "Gateway JVM flags: \`$BENCH_JAVA_OPTS\`. Non-2xx answers or socket errors in these runs: $errors."
  echo
  echo "| target | capacity req/s | CPU µs/req | p50 ms | p90 ms | p99 ms | p99.9 ms | p99 added over direct |"
  echo "|---|---|---|---|---|---|---|---|"
  for target in direct nginx floor gateway; do
    c=$work/capacity-$target.txt f=$work/fixed-$target.txt
    cap[$target]=$(median_of "$(stats "$c" 4 1)")
    p99[$target]=$(median_of "$(stats "$f" 7 1000)")
    added=$(awk -v a="${p99[$target]}" -v b="${p99[direct]}" 'BEGIN {printf "%+.3f ms", a - b}')
    echo "| $target | $(fmt "$(stats "$c" 4 1)" 0) | $(fmt "$(stats "$c" 10 1)" 1) |" \
      "$(fmt "$(stats "$f" 5 1000)" 3) | $(fmt "$(stats "$f" 6 1000)" 3) |" \
      "$(fmt "$(stats "$f" 7 1000)" 3) | $(fmt "$(stats "$f" 8 1000)" 3) | $added |"
  done
  echo
  echo "Gateway memory: RSS peak $(mib "$gateway_hwm") MiB, after load $(mib "$gateway_rss") MiB;" \
    "after $rss_10k_served requests $(mib "$rss_10k") MiB, after $served $(mib "$rss_1m") MiB (peak $(mib "$rss_1m_hwm") MiB), fresh start."
  echo "Gateway start to first 200 (JVM launch to the first successful POST /v1/reactions): $starts ms."
  echo
  echo "Full idempotency store (fresh start, native memory tracking on, which adds its own few MiB):"
  cat "$work/store/summary.md"
  echo
  echo "## Targets"
  echo
  awk -v g="${cap[gateway]}" -v n="${cap[nginx]}" 'BEGIN {printf "- throughput ≥ 0.30× nginx: %.2f× — %s\n", g / n, g >= 0.3 * n ? "met" : "NOT met"}'
  awk -v f="${cap[floor]}" -v n="${cap[nginx]}" 'BEGIN {printf "  (the floor, a bare hop on the same stack, does %.2f× nginx)\n", f / n}'
  awk -v g="${cap[gateway]}" -v f="${cap[floor]}" -v s="$(side_median floor)" \
    -v runs="$(side_runs floor)" \
    'BEGIN {printf "- throughput ≥ 0.67× the floor (features at most half the stack'"'"'s own CPU): side by side, rate per CPU %.2f× (runs %s) — %s; closed-loop medians in turns %.2f×\n", s, runs, s >= 0.67 ? "met" : "NOT met", g / f}'
  awk -v g="${p99[gateway]}" -v d="${p99[direct]}" 'BEGIN {printf "- p99 added over direct ≤ 2 ms at ~'"$RATE"' req/s: %+.3f ms — %s; ≤ 1.5 ms: %s\n", g - d, g <= d + 2 ? "met" : "NOT met", g <= d + 1.5 ? "met" : "NOT met"}'
  awk -v s="$(side_median 256)" \
    -v runs="$(side_runs 256)" \
    'BEGIN {printf "- at 256 connections ≥ 0.9× the 64-connection rate: side by side, rate per CPU %.2f× (runs %s) — %s\n", s, runs, s >= 0.9 ? "met" : "NOT met"}'
  paste -d' ' "$work/scaling.txt" "$work/scaling-floor.txt" |
    awk '$1 == 64 {g = $5; f = $16} $1 == 256 {gh = $5; fh = $16}
         END {if (g && gh) printf "  (scaling table, in turns: the gateway %.2f×, the floor %.2f×)\n", gh / g, fh / f}'
  if [ -f "$work/profile.txt" ]; then
    awk '/^allocated:/ {printf "- allocation ≤ 45 KiB per request: %s KiB — %s\n", $2, $2 <= 45 ? "met" : "NOT met"}' "$work/profile.txt"
  fi
  awk -v r="$(mib "$rss_1m_hwm")" -v p="$(mib "$gateway_hwm")" 'BEGIN {m = r > p ? r : p; printf "- RSS peak ≤ 200 MiB under load, empty store: %d MiB — %s\n", m, m <= 200 ? "met" : "NOT met"}'
  awk -v m="$(mib "$store_hwm")" 'BEGIN {printf "- RSS peak ≤ 200 MiB under load, store full at its default bound: %d MiB — %s\n", m, m <= 200 ? "met" : "NOT met"}'
  echo "- start to first 200: $(median_of "$(stats "$work/start.txt" 2 1)") ms (reported; no target)"
  echo
  echo "## Latency against offered load (one ${SECS} s run per point)"
  echo
  echo "| offered req/s | direct req/s | direct p50 / p99 ms | nginx req/s | nginx p50 / p99 ms | gateway req/s | gateway p50 / p99 ms |"
  echo "|---|---|---|---|---|---|---|"
  awk '{printf "| %s | %.0f | %s / %s | %.0f | %s / %s | %.0f | %s / %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}' "$work/sweep.dat"
  echo
  echo "## Gateway scaling, the floor in turns (closed loop, one ${SECS} s run per row and target)"
  echo
  echo "| connections | req/s | CPU µs/req | p50 ms | p99 ms | floor req/s | floor CPU µs/req | floor p99 ms |"
  echo "|---|---|---|---|---|---|---|---|"
  paste -d' ' "$work/scaling.txt" "$work/scaling-floor.txt" |
    awk '{printf "| %s | %.0f | %s | %.3f | %.3f | %.0f | %s | %.3f |\n", $1, $5, $11, $6 / 1000, $8 / 1000, $16, $22, $19 / 1000}'
  if [ -f "$work/profile.txt" ]; then
    echo
    echo "## Gateway CPU by layer (async-profiler, event loops, $PROFILE_SECONDS s closed loop, warm)"
    echo
    echo '```'
    cat "$work/profile.txt"
    echo '```'
  fi
} > bench/results/latest.md

gnuplot << EOF
set terminal pngcairo size 900,540 font ",10" noenhanced
set output "bench/results/latency.png"
set title "p99 latency against offered load ($(date -u +%Y-%m-%d), loopback, 1 CPU for servers)"
set xlabel "offered load (req/s)"
set ylabel "p99 latency (ms)"
set logscale x 2
set logscale y 10
set key top left
set grid
plot "$work/sweep.dat" using 1:4 with linespoints title "upstream direct", \
     "" using 1:7 with linespoints title "nginx reverse proxy", \
     "" using 1:10 with linespoints title "gateway"
EOF

cat bench/results/latest.md
