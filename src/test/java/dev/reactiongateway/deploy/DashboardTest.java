package dev.reactiongateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard queries only the gateway's metrics, by the names and labels agreed for its
 * Micrometer instrumentation, through the {@code ${DS_PROMETHEUS}} datasource variable.
 */
class DashboardTest {

  /** The gateway's Prometheus series and their labels. */
  static final Map<String, Set<String>> METRICS =
      Map.ofEntries(
          Map.entry(
              "gateway_requests_total", Set.of("provider", "api", "operation", "code", "caller")),
          Map.entry(
              "gateway_request_duration_seconds_bucket",
              Set.of("provider", "api", "operation", "le")),
          Map.entry("gateway_request_duration_seconds_sum", Set.of("provider", "api", "operation")),
          Map.entry(
              "gateway_request_duration_seconds_count", Set.of("provider", "api", "operation")),
          Map.entry("gateway_upstream_attempts_total", Set.of("provider", "result")),
          Map.entry("gateway_upstream_duration_seconds_bucket", Set.of("provider", "result", "le")),
          Map.entry("gateway_retries_total", Set.of("provider")),
          Map.entry("gateway_breaker_state", Set.of("provider", "state")),
          Map.entry("gateway_bulkhead_in_use", Set.of("provider")),
          Map.entry("gateway_bulkhead_queued", Set.of("provider")),
          Map.entry("gateway_idempotency_total", Set.of("result")),
          Map.entry("gateway_rate_limited_total", Set.of("caller")),
          Map.entry("gateway_webhooks_total", Set.of("provider", "outcome")),
          Map.entry("gateway_deliveries_total", Set.of("subscriber", "outcome")),
          Map.entry("gateway_delivery_lag_seconds_bucket", Set.of("subscriber", "le")),
          Map.entry("gateway_deliveries_given_up_total", Set.of("subscriber")));

  private static final Pattern METRIC = Pattern.compile("\\bgateway_[a-z_]+");
  private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
  private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|!~|!=|=)\\s*\"");
  private static final String DATASOURCE = "${DS_PROMETHEUS}";

  private static JsonNode dashboard;
  private static List<JsonNode> targets;

  @BeforeAll
  static void read() throws IOException {
    dashboard =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readTree(Manifests.DEPLOY.resolve("grafana/reaction-gateway-dashboard.json").toFile());
    targets = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(targets::add));
  }

  @Test
  void everyQueryGoesThroughThePrometheusDatasourceVariable() {
    JsonNode variable = dashboard.path("templating").path("list").get(0);
    assertEquals("DS_PROMETHEUS", variable.path("name").asText());
    assertEquals("datasource", variable.path("type").asText());
    assertEquals("prometheus", variable.path("query").asText());
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
      assertEquals(DATASOURCE, panel.path("datasource").path("uid").asText(), panel.toString());
      assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText());
    }
    for (JsonNode target : targets) {
      assertEquals(DATASOURCE, target.path("datasource").path("uid").asText(), target.toString());
    }
  }

  @Test
  void queriesUseOnlyTheGatewaysMetricsAndTheirLabels() {
    Set<String> families = new HashSet<>();
    for (JsonNode target : targets) {
      String expr = target.path("expr").asText();
      Set<String> labels = new HashSet<>();
      Matcher metric = METRIC.matcher(expr);
      while (metric.find()) {
        assertTrue(METRICS.containsKey(metric.group()), metric.group() + " in " + expr);
        labels.addAll(METRICS.get(metric.group()));
        families.add(metric.group().replaceAll("_(bucket|sum|count)$", ""));
      }
      assertFalse(labels.isEmpty(), "no gateway metric in " + expr);
      Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          assertTrue(labels.contains(label.strip()), label + " in " + expr);
        }
      }
      Matcher matcher = MATCHER.matcher(expr);
      while (matcher.find()) {
        assertTrue(labels.contains(matcher.group(1)), matcher.group(1) + " in " + expr);
      }
    }
    Set<String> all = new HashSet<>();
    METRICS.keySet().forEach(name -> all.add(name.replaceAll("_(bucket|sum|count)$", "")));
    assertEquals(all, families, "every gateway metric has a panel");
  }

  @Test
  void requestsAndErrorsAreShownByProviderApi() {
    long byApi =
        targets.stream()
            .map(target -> target.path("expr").asText())
            .filter(expr -> expr.contains("gateway_requests_total"))
            .filter(expr -> BY.matcher(expr).find())
            .filter(expr -> expr.matches(".*by \\([^)]*\\bapi\\b.*"))
            .count();
    assertEquals(2, byApi, "the request and error panels split by api");
  }

  @Test
  void latencyPanelShowsTheMedianAndTheTail() {
    assertEquals(
        Set.of("0.5", "0.9", "0.99"),
        quantiles("gateway_request_duration_seconds_bucket", "provider, le"));
  }

  @Test
  void deliveryLagIsShownPerSubscriberAtTheMedianAndTheTail() {
    assertEquals(
        Set.of("0.5", "0.99"), quantiles("gateway_delivery_lag_seconds_bucket", "subscriber, le"));
  }

  @Test
  void webhooksAndDeliveriesAreShownByOutcome() {
    for (String counter : List.of("gateway_webhooks_total", "gateway_deliveries_total")) {
      assertTrue(
          targets.stream()
              .map(target -> target.path("expr").asText())
              .anyMatch(
                  expr -> expr.contains(counter) && expr.matches(".*by \\([^)]*\\boutcome\\b.*")),
          counter + " by outcome");
    }
  }

  /** The quantiles of a histogram the panels show, aggregated exactly {@code by (<by>)}. */
  private static Set<String> quantiles(String bucket, String by) {
    Set<String> quantiles = new HashSet<>();
    Pattern quantile =
        Pattern.compile(
            "histogram_quantile\\(([0-9.]+), sum by \\("
                + Pattern.quote(by)
                + "\\) \\(rate\\("
                + bucket
                + "\\[");
    for (JsonNode target : targets) {
      Matcher matcher = quantile.matcher(target.path("expr").asText());
      if (matcher.find()) {
        quantiles.add(matcher.group(1));
      }
    }
    return quantiles;
  }
}
