package dev.reactiongateway.ops;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.ErrorManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Console lines logged on an event loop are written together when the loop's current turn ends: one
 * {@code write} to the console per turn instead of one per line (the access line makes a line per
 * request, and its {@code write} was a measurable share of a request's CPU). Lines logged on any
 * other thread are written at once, after whatever an event loop left waiting, so the console keeps
 * the order in which lines were logged. The lines themselves, their format and every console
 * setting stay Quarkus's: only the stream under its console handler changes. That handler is found
 * among the root logger's handlers, where the packaged application has it; dev and test mode wrap
 * it in a console of Quarkus's own, which is left alone.
 */
@ApplicationScoped
class ConsoleBatching {

  void install(
      @Observes StartupEvent start,
      ConsoleLogConfig config,
      @ConfigProperty(name = "quarkus.log.console.stderr", defaultValue = "false") boolean stderr) {
    if (config.batchConsoleWrites()) {
      ConsoleHandler console = find(LogContext.getLogContext().getLogger("").getHandlers());
      if (console != null) {
        console.setOutputStream(
            new TurnBatchedOutput(stderr ? System.err : System.out, console.getErrorManager()));
      }
    }
  }

  /**
   * The console handler among {@code handlers} and the handlers nested in them, if there is one.
   */
  static ConsoleHandler find(java.util.logging.Handler[] handlers) {
    for (java.util.logging.Handler handler : handlers) {
      if (handler instanceof ConsoleHandler console) {
        return console;
      }
      if (handler instanceof ExtHandler parent) {
        ConsoleHandler nested = find(parent.getHandlers());
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  /**
   * The stream under the console handler. The handler flushes after each line: on an event loop
   * that flush only makes sure one write of everything waiting is queued behind the loop's current
   * turn; anywhere else it writes everything waiting at once. More than {@link #MAX_WAITING} bytes
   * waiting are written at once wherever they come from.
   */
  static final class TurnBatchedOutput extends OutputStream {

    static final int MAX_WAITING = 64 * 1024;

    private final OutputStream console;
    private final ErrorManager errors;
    private final ByteArrayOutputStream waiting = new ByteArrayOutputStream(8 * 1024);
    private final Handler<Void> writeOnLoop = ignored -> writeWaiting();
    private boolean writeQueued;

    TurnBatchedOutput(OutputStream console, ErrorManager errors) {
      this.console = console;
      this.errors = errors;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      waiting.write(b);
      writeIfFull();
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      waiting.write(bytes, offset, length);
      writeIfFull();
    }

    @Override
    public void flush() throws IOException {
      Context loop = Context.isOnEventLoopThread() ? Vertx.currentContext() : null;
      synchronized (this) {
        if (loop == null) {
          writeNow();
          return;
        }
        if (writeQueued) {
          return;
        }
        writeQueued = true;
      }
      loop.runOnContext(writeOnLoop);
    }

    private void writeIfFull() throws IOException {
      if (waiting.size() >= MAX_WAITING) {
        writeNow();
      }
    }

    private synchronized void writeWaiting() {
      writeQueued = false;
      try {
        writeNow();
      } catch (IOException failed) {
        errors.error("console write failed", failed, ErrorManager.WRITE_FAILURE);
      }
    }

    private void writeNow() throws IOException {
      if (waiting.size() > 0) {
        try {
          waiting.writeTo(console);
        } finally {
          waiting.reset();
        }
      }
      console.flush();
    }
  }
}
