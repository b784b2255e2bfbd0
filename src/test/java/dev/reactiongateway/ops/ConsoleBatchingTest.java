package dev.reactiongateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.reactiongateway.ops.ConsoleBatching.TurnBatchedOutput;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleBatchingTest {

  private final Vertx vertx = Vertx.vertx();
  private final Writes console = new Writes();
  private final ConsoleHandler handler = new ConsoleHandler(new PatternFormatter("%s%n"));

  ConsoleBatchingTest() {
    handler.setOutputStream(new TurnBatchedOutput(console, new ErrorManager()));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void theConsoleHandlerIsFoundWhereQuarkusNestsIt() {
    ExtHandler delayed = new ExtHandler() {};
    ConsoleHandler nested = new ConsoleHandler();
    delayed.addHandler(nested);
    Handler other = new ExtHandler() {};

    assertSame(nested, ConsoleBatching.find(new Handler[] {other, delayed}));
    assertNull(ConsoleBatching.find(new Handler[] {other}));
  }

  @Test
  void linesLoggedInOneTurnOfAnEventLoopReachTheConsoleInOneWriteWhenTheTurnEnds()
      throws Exception {
    List<String> duringTheTurn =
        onTheLoop(
            () -> {
              log("one");
              log("two");
              log("three");
              return console.writes();
            });

    assertEquals(List.of(), duringTheTurn, "nothing written before the turn ends");
    assertEquals(List.of("one\ntwo\nthree\n"), awaitWrites(1));
  }

  @Test
  void aLineLoggedOffTheLoopIsWrittenAtOnceAfterTheLinesTheLoopLeftWaiting() throws Exception {
    List<String> afterTheOtherThread =
        onTheLoop(
            () -> {
              log("on the loop");
              Thread other = new Thread(() -> log("elsewhere"));
              other.start();
              other.join();
              return console.writes();
            });

    assertEquals(List.of("on the loop\nelsewhere\n"), afterTheOtherThread);
    Thread.sleep(200);
    assertEquals(afterTheOtherThread, console.writes(), "nothing written twice or late");
  }

  @Test
  void aFullBufferIsWrittenAtOnceEvenOnTheLoop() throws Exception {
    String line = "x".repeat(1023);
    int lines = TurnBatchedOutput.MAX_WAITING / 1024;
    List<String> duringTheTurn =
        onTheLoop(
            () -> {
              for (int i = 0; i < lines; i++) {
                log(line);
              }
              return console.writes();
            });

    assertEquals(1, duringTheTurn.size(), "written once the buffer held 64 KiB");
    assertEquals(TurnBatchedOutput.MAX_WAITING, duringTheTurn.get(0).length());
  }

  private void log(String message) {
    handler.publish(new ExtLogRecord(Level.INFO, message, ConsoleBatchingTest.class.getName()));
  }

  private List<String> awaitWrites(int count) throws InterruptedException {
    for (int i = 0; i < 50 && console.writes().size() < count; i++) {
      Thread.sleep(20);
    }
    return console.writes();
  }

  private <T> T onTheLoop(java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx
        .getOrCreateContext()
        .runOnContext(
            ignored -> {
              try {
                result.complete(action.call());
              } catch (Exception failed) {
                result.completeExceptionally(failed);
              }
            });
    return result.get(5, TimeUnit.SECONDS);
  }

  /** The console: each flush after bytes were written counts as one write of those bytes. */
  private static final class Writes extends OutputStream {
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public synchronized void write(int b) {
      current.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      current.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() {
      if (current.size() > 0) {
        writes.add(current.toString(StandardCharsets.UTF_8));
        current.reset();
      }
    }

    List<String> writes() {
      return List.copyOf(writes);
    }
  }
}
