# Summarises an async-profiler "collapsed" CPU profile (bench/run.sh with PROFILE=1): the share of
# the event loops' samples spent in each layer, each sample charged to the deepest frame that
# belongs to a named layer (JDK frames are charged to their caller's layer).
#   awk -f bench/profile-summary.awk target/bench/profile.collapsed
function layer(frame) {
  if (frame ~ /_\[k\]$/) return "kernel (syscalls, scheduling)"
  if (frame ~ /jboss\/logmanager|org\/jboss\/logging|RequestSummary/) return "logging"
  if (frame ~ /micrometer/) return "metrics (Micrometer)"
  if (frame ~ /fasterxml/) return "Jackson"
  if (frame ~ /resteasy\/reactive\/client|restclient/) return "REST Client"
  if (frame ~ /resteasy\/reactive|quarkus\/resteasy/) return "REST server"
  if (frame ~ /smallrye\/faulttolerance/) return "SmallRye Fault Tolerance"
  if (frame ~ /smallrye\/mutiny/) return "Mutiny"
  if (frame ~ /opentelemetry/) return "OpenTelemetry"
  if (frame ~ /^dev\/reactiongateway/) return "gateway code"
  if (frame ~ /vertx\/ext\/web|quarkus\/vertx\/http/) return "Vert.x Web, Quarkus HTTP"
  if (frame ~ /io\/vertx|quarkus\/vertx/) return "Vert.x core"
  if (frame ~ /io\/netty/) return "Netty"
  return ""
}
{
  samples = $NF
  stack = substr($0, 1, length($0) - length(samples) - 1)
  if (stack !~ /^\[vert\.x-eventloop/) next
  total += samples
  n = split(stack, frames, ";")
  charged = "other"
  for (i = n; i > 1; i--) {
    l = layer(frames[i])
    if (l != "") { charged = l; break }
  }
  share[charged] += samples
}
END {
  if (total == 0) { print "no event-loop samples"; exit 1 }
  printf "event-loop CPU samples: %d\n", total
  for (l in share) printf "%5.1f %%  %s\n", 100 * share[l] / total, l | "sort -rn"
}
