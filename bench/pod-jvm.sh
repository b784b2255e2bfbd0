# shellcheck shell=bash
# What src/main/docker/Dockerfile.jvm gives the gateway's JVM in its pod (deploy/base), as flags
# for a plain java command line; sourced by bench/common.sh (for bench/run.sh and bench/burst.sh)
# and by bench/soak.sh. ContainerImageTest checks that it matches the
# image's ENV lines.
POD_JAVA_OPTS="-XX:+UseSerialGC -XX:NewRatio=2 -XX:SurvivorRatio=4 -Xms64m -Xmx64m -XX:ActiveProcessorCount=1 -XX:-TieredCompilation -XX:CICompilerCount=1 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError"
POD_MALLOC_ARENA_MAX=1
