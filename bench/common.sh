# shellcheck shell=bash
# What bench/run.sh and bench/burst.sh share, sourced by both: a fresh work folder under target/,
# the background processes a script starts (in pids, killed when it exits), and the packaged
# gateway (built first, unless --reuse finds one).
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
