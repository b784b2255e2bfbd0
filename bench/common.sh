# shellcheck shell=bash
# What the benchmarks share (bench/run.sh, burst.sh, failover.sh and events.sh source it): the
# gateway's JVM flags (the image's, from bench/pod-jvm.sh, unless BENCH_JAVA_OPTS is set), the CPU
# layout (load on one CPU, servers on the other), the bench caller's key; bench_start: a fresh work
# folder under target/, the background processes a script starts (in pids, killed when it exits),
# and the packaged gateway (built first, unless --reuse finds one); and cpu_ticks, the CPU time
# processes have used.
# shellcheck source=bench/pod-jvm.sh
source bench/pod-jvm.sh
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-$POD_JAVA_OPTS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$POD_MALLOC_ARENA_MAX}
LOAD_CPU=0
SERVER_CPU=1
CALLER_KEY=bench-caller-key-0123456789abcdef

bench_start() { # folder-under-target [--reuse]
  work=$PWD/target/$1
  rm -rf "$work"
  mkdir -p "$work" bench/results
  pids=()
  trap bench_cleanup EXIT
  if [[ "${2:-}" != "--reuse" || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    ./mvnw -B -q package -DskipTests
  fi
}
bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
}
cpu_ticks() { # utime + stime of the given pids, in clock ticks
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo $total
}
