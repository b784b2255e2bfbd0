package dev.reactiongateway.events.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.Providers;
import dev.reactiongateway.events.EventReports;
import dev.reactiongateway.events.EventSignals;
import dev.reactiongateway.events.EventStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Push delivery (docs/events.md, "Push delivery"): one {@link SubscriberWorker} per configured
 * subscriber on every replica, each with its own HTTP client, so subscribers never wait on each
 * other. The subscribers' groups in the {@link EventStore} hand each event to one replica at a
 * time.
 */
@ApplicationScoped
public class PushDelivery {

  private static final Logger LOG = Logger.getLogger(PushDelivery.class);

  private final List<SubscriberWorker> workers;
  private final DeliveryConfig config;
  private final EventSignals signals;
  private final List<EventSignals.Listening> listening = new ArrayList<>();

  PushDelivery(
      DeliveryConfig config,
      Providers providers,
      EventStore store,
      EventSignals signals,
      EventReports reports,
      ObjectMapper json,
      Vertx vertx) {
    this.config = config;
    this.signals = signals;
    List<String> known = providers.all().stream().map(Provider::wireName).toList();
    String consumer = consumerName();
    this.workers =
        config.subscribers().entrySet().stream()
            .map(entry -> Subscriber.of(entry.getKey(), entry.getValue(), known))
            .map(
                subscriber ->
                    new SubscriberWorker(
                        subscriber,
                        config.delivery(),
                        store,
                        reports,
                        json,
                        vertx,
                        consumer,
                        Clock.systemUTC()))
            .toList();
  }

  void start(@Observes StartupEvent started) {
    for (SubscriberWorker worker : workers) {
      worker.start();
      listening.add(signals.listen(worker::wake));
    }
  }

  /**
   * Lets the attempts in flight finish, up to the delivery timeout; what is not done stays pending
   * for another replica.
   */
  void stop(@Observes ShutdownEvent stopping) {
    listening.forEach(EventSignals.Listening::stop);
    try {
      Future.join(workers.stream().map(SubscriberWorker::stop).toList())
          .toCompletionStage()
          .toCompletableFuture()
          .get(config.delivery().timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("Deliveries still in flight at shutdown are left to another replica");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Unique per process, and readable: the pod's name where there is one (the store shows which
   * replica holds what).
   */
  private static String consumerName() {
    String host = System.getenv().getOrDefault("HOSTNAME", "gateway");
    return host.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
