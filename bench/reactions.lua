-- wrk script for bench/run.sh: alternates a Chert and a Linq reaction, in the shape each target
-- expects. Set by environment:
--   BENCH_TARGET      gateway | provider (the provider routes: upstream direct, or nginx in front)
--   BENCH_DELAY_MS    mean pause before each request on a connection (unset = closed loop); with N
--                     connections this paces the load at about N * 1000 / delay requests/s. Each
--                     pause is drawn uniformly from 0..2*delay so the connections do not fire in
--                     lockstep (a fixed pause keeps them in bursts of N requests at once).
--   BENCH_KEY_PREFIX  gateway only: every request carries its own Idempotency-Key, this prefix and
--                     a counter (unset = no key), so each answer is kept by the idempotency store.
-- done() prints one machine-readable line:
--   RESULT requests errors rps p50_us p90_us p99_us p999_us max_us

local target = os.getenv("BENCH_TARGET") or "gateway"
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "") or 0
local key_prefix = os.getenv("BENCH_KEY_PREFIX")
if key_prefix == "" then key_prefix = nil end
local requests = {}
local headers = {}
local bodies = {}
local sent = 0

function init(args)
  if target == "gateway" then
    headers = {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer bench-caller-key-0123456789abcdef",
    }
    bodies[1] = '{"messageId":"chert:msg_7f3a9c","reaction":"love"}'
    bodies[2] = '{"messageId":"linq:48213","reaction":"like"}'
    requests[1] = wrk.format("POST", "/v1/reactions", headers, bodies[1])
    requests[2] = wrk.format("POST", "/v1/reactions", headers, bodies[2])
  else
    -- What a caller would send to each provider itself: the same bodies and header sizes as the
    -- gateway's own upstream requests (Chert HMAC headers, Linq's token).
    requests[1] = wrk.format("POST", "/api/v1/messages/msg_7f3a9c/react", {
      ["Content-Type"] = "application/json",
      ["x-chert-tenant"] = "tenant_bench",
      ["x-chert-timestamp"] = "1763800000",
      ["x-chert-signature"] = "v1=3f2c1d0e9b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e",
      ["X-Request-Id"] = "5b0c1a52-5d3e-4f0a-9a55-3f1b8f1f2d11",
    }, '{"reaction":"love"}')
    requests[2] = wrk.format("POST", "/api/partner/v2/chat_messages/48213/reactions", {
      ["Content-Type"] = "application/json",
      ["X-LINQ-INTEGRATION-TOKEN"] = "linq-bench-token-0123456789abcdef",
      ["X-Request-Id"] = "5b0c1a52-5d3e-4f0a-9a55-3f1b8f1f2d12",
    }, '{"type":"like","operation":"add"}')
  end
end

function request()
  sent = sent + 1
  if key_prefix then
    headers["Idempotency-Key"] = key_prefix .. "-" .. sent
    return wrk.format("POST", "/v1/reactions", headers, bodies[sent % 2 + 1])
  end
  return requests[sent % 2 + 1]
end

if delay_ms > 0 then
  function delay()
    return math.random(0, 2 * delay_ms)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d %.1f %d %d %d %d %d\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
