# shellcheck shell=bash
# What src/main/docker/Dockerfile.jvm gives the gateway's JVM in a pod with a 256Mi memory limit,
# as flags for a plain java command line (MaxRAM stands for the container's limit); sourced by
# bench/run.sh, bench/burst.sh and bench/soak.sh. ContainerImageTest checks that it matches the
# image's ENV lines.
POD_JAVA_OPTS="-XX:+UseSerialGC -XX:NewRatio=2 -XX:MaxRAM=256m -XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=25 -XX:MinRAMPercentage=25 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError"
POD_MALLOC_ARENA_MAX=1
