// End-to-end proof of the inbound events with a stock client, the specification's own Standard
// Webhooks library: a Linq `reaction.added` webhook signed by the library is received by the
// packaged gateway, recorded (readable by pull), and pushed to a subscriber, whose copy the library
// verifies. Run from the repository root after `./mvnw package` (as .ci/run does):
//
//   (cd tools/webhooks-check && npm ci && npm run check)
//
// The jar is ../../target/quarkus-app/quarkus-run.jar unless GATEWAY_JAR names another; it runs on
// the `java` of the PATH unless JAVA names another.
// Prints one PASS or FAIL line and exits non-zero on failure; the gateway is always stopped.
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, existsSync, readFileSync, unlinkSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";

const here = dirname(fileURLToPath(import.meta.url));
const jar = resolve(process.env.GATEWAY_JAR ?? join(here, "../../target/quarkus-app/quarkus-run.jar"));
const logFile = join(tmpdir(), `webhooks-check-gateway-${process.pid}.log`);
const STARTUP_MS = 90_000;
const DELIVERY_MS = 30_000;

// Fresh secrets for this run only: Linq's signing secret and the subscriber's.
const secret = () => "whsec_" + randomBytes(32).toString("base64");
const linqSecret = secret();
const subscriberSecret = secret();
const callerKey = randomBytes(24).toString("hex");

let gateway;

function fail(message) {
  const error = new Error(message);
  error.check = true;
  throw error;
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function freePort() {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The subscriber: keeps every delivery's raw body and headers, answers 204. */
function startSubscriber() {
  const deliveries = [];
  const waiters = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      deliveries.push({
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(204).end();
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  const next = async (timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (deliveries.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        fail(`no delivery reached the subscriber within ${timeoutMs / 1000} s`);
      }
      await Promise.race([new Promise((wake) => waiters.push(wake)), sleep(left)]);
    }
    return deliveries.shift();
  };
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => done({ server, port: server.address().port, next })),
  );
}

function startGateway(port, subscriberPort) {
  if (!existsSync(jar)) {
    fail(`${jar} does not exist: run ./mvnw package first`);
  }
  const properties = {
    "quarkus.http.port": port,
    "quarkus.http.host": "127.0.0.1",
    // Test-like provider credentials: no provider is called here.
    "gateway.chert.tenant": "check-tenant",
    "gateway.chert.signing-secret": "check-chert-signing-secret",
    "gateway.linq.integration-token": "check-linq-token",
    "gateway.linq.api-key": "check-linq-v3-key",
    "gateway.linq.webhook-secrets": linqSecret,
    "gateway.auth.callers.check.key-sha256": createHash("sha256").update(callerKey).digest("hex"),
    "gateway.subscribers.check.url": `http://127.0.0.1:${subscriberPort}/events`,
    "gateway.subscribers.check.secret": subscriberSecret,
  };
  const args = ["-Xmx128m", "-XX:+UseSerialGC"];
  for (const [key, value] of Object.entries(properties)) {
    args.push(`-D${key}=${value}`);
  }
  args.push("-jar", jar);
  const log = createWriteStream(logFile);
  gateway = spawn(process.env.JAVA ?? "java", args, { stdio: ["ignore", "pipe", "pipe"] });
  gateway.stdout.pipe(log);
  gateway.stderr.pipe(log);
  gateway.exited = new Promise((done) => gateway.once("exit", (code, signal) => done({ code, signal })));
}

async function waitUntilReady(base) {
  const deadline = Date.now() + STARTUP_MS;
  let exited = null;
  gateway.exited.then((status) => (exited = status));
  while (Date.now() < deadline) {
    if (exited) {
      fail(`the gateway exited during start-up (${JSON.stringify(exited)})`);
    }
    try {
      const response = await fetch(`${base}/q/health/ready`);
      if (response.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  fail(`the gateway was not ready within ${STARTUP_MS / 1000} s`);
}

/** A Linq v3 `reaction.added` envelope as Linq documents it, with a custom emoji. */
function linqReactionAdded(eventId, reactedAt) {
  return JSON.stringify({
    api_version: "v3",
    webhook_version: "2026-02-03",
    event_type: "reaction.added",
    event_id: eventId,
    created_at: new Date().toISOString(),
    trace_id: "8af9171a45022df2eb74ba4e4c83be0f",
    partner_id: "partner_check",
    data: {
      chat_id: "550e8400-e29b-41d4-a716-446655440000",
      message_id: "550e8400-e29b-41d4-a716-446655440001",
      part_index: 0,
      reaction_type: "custom",
      custom_emoji: "🔥",
      sticker: null,
      is_from_me: false,
      from: "+14155550100",
      from_handle: {
        id: "550e8400-e29b-41d4-a716-446655440011",
        handle: "+14155550100",
        service: "iMessage",
        status: "active",
        joined_at: "2025-11-23T17:30:00.000Z",
        left_at: null,
        is_me: false,
      },
      service: "iMessage",
      reacted_at: reactedAt,
      reaction_id: "3d1f0c2b-8e7a-4b6c-9d5e-1f2a3b4c5d6e",
    },
  });
}

async function postWebhook(base, body, headers) {
  return fetch(`${base}/webhooks/linq`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

function checkEvent(event, eventId, reactedAt) {
  const keys = [
    "id", "type", "provider", "api", "messageId", "chatId", "partIndex", "reaction", "sticker",
    "isFromMe", "from", "occurredAt", "receivedAt", "providerEventId", "providerReactionId",
    "providerTraceId",
  ];
  expectEqual(Object.keys(event).sort(), [...keys].sort(), "the event's keys");
  expectEqual(event.id, `linq:${eventId}`, "id");
  expectEqual(event.type, "reaction.added", "type");
  expectEqual(event.provider, "linq", "provider");
  expectEqual(event.api, "v3", "api");
  expectEqual(event.messageId, "550e8400-e29b-41d4-a716-446655440001", "messageId");
  expectEqual(event.chatId, "550e8400-e29b-41d4-a716-446655440000", "chatId");
  expectEqual(event.partIndex, 0, "partIndex");
  expectEqual(event.reaction, "🔥", "reaction");
  expectEqual(event.sticker, null, "sticker");
  expectEqual(event.isFromMe, false, "isFromMe");
  expectEqual(event.from, { handle: "+14155550100", service: "iMessage" }, "from");
  expectEqual(Date.parse(event.occurredAt), Date.parse(reactedAt), "occurredAt");
  if (Number.isNaN(Date.parse(event.receivedAt))) {
    fail(`receivedAt: not a date-time: ${JSON.stringify(event.receivedAt)}`);
  }
  expectEqual(event.providerEventId, eventId, "providerEventId");
  expectEqual(event.providerReactionId, "3d1f0c2b-8e7a-4b6c-9d5e-1f2a3b4c5d6e", "providerReactionId");
  expectEqual(event.providerTraceId, "8af9171a45022df2eb74ba4e4c83be0f", "providerTraceId");
}

async function run() {
  const subscriber = await startSubscriber();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  try {
    startGateway(port, subscriber.port);
    await waitUntilReady(base);

    const eventId = randomUUID();
    const reactedAt = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const body = linqReactionAdded(eventId, reactedAt);
    const now = new Date();
    const headers = {
      "webhook-id": eventId,
      "webhook-timestamp": Math.floor(now.getTime() / 1000).toString(),
      "webhook-signature": new Webhook(linqSecret).sign(eventId, now, body),
    };

    // A signature by another secret is refused and records nothing.
    const forged = await postWebhook(base, body, {
      ...headers,
      "webhook-signature": new Webhook(secret()).sign(eventId, now, body),
    });
    expectEqual(forged.status, 401, "a webhook signed with another secret");

    const received = await postWebhook(base, body, headers);
    expectEqual(received.status, 204, "the signed webhook's answer");
    const again = await postWebhook(base, body, headers);
    expectEqual(again.status, 204, "the same webhook redelivered");

    const delivery = await subscriber.next(DELIVERY_MS);
    expectEqual(delivery.method, "POST", "the delivery's method");
    expectEqual(delivery.path, "/events", "the delivery's path");
    let event;
    try {
      event = new Webhook(subscriberSecret).verify(delivery.body, delivery.headers);
    } catch (error) {
      fail(`the delivery does not verify with the subscriber's secret: ${error.message}`);
    }
    expectEqual(delivery.headers["webhook-id"], `linq:${eventId}`, "the delivery's webhook-id");
    checkEvent(event, eventId, reactedAt);

    const pulled = await fetch(`${base}/v1/reaction-events`, {
      headers: { authorization: `Bearer ${callerKey}` },
    });
    expectEqual(pulled.status, 200, "GET /v1/reaction-events");
    const page = await pulled.json();
    const ids = page.events.map((each) => each.id);
    expectEqual(ids, [`linq:${eventId}`], "the events pulled (the redelivery recorded once)");
    checkEvent(page.events[0], eventId, reactedAt);

    // A redelivery is not delivered twice: give a second delivery the time the first one took.
    await sleep(2000);
    await subscriber.next(0).then(
      () => fail("the redelivered webhook was delivered to the subscriber again"),
      (error) => {
        if (!error.check || !error.message.startsWith("no delivery")) throw error;
      },
    );
  } finally {
    subscriber.server.close();
    if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
      gateway.kill("SIGTERM");
      const stopped = await Promise.race([gateway.exited, sleep(25_000).then(() => null)]);
      if (!stopped) gateway.kill("SIGKILL");
    }
  }
}

try {
  await run();
  unlinkSync(logFile);
  console.log("webhooks-check: PASS (Linq webhook signed by standardwebhooks received, recorded once, delivered and verified by standardwebhooks)");
} catch (error) {
  console.log(`webhooks-check: FAIL: ${error.check ? error.message : error.stack}`);
  if (existsSync(logFile)) {
    const lines = readFileSync(logFile, "utf8").trimEnd().split("\n");
    console.log(`--- gateway log (last 40 lines of ${logFile}) ---`);
    console.log(lines.slice(-40).join("\n"));
  }
  process.exitCode = 1;
}
