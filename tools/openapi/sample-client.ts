// Compiled (never run) by `npm run client`: a caller written against the generated types must be
// able to send what the gateway accepts, with and without `operation`, and read what it answers.
import type { components, operations } from "./generated/openapi";

type ReactionRequest = components["schemas"]["ReactionRequest"];
type ReactionResponse = components["schemas"]["ReactionResponse"];
type Problem = components["schemas"]["Problem"];

const add: ReactionRequest = { messageId: "linq:224", reaction: "love" };
const remove: ReactionRequest = { provider: "LINQ", messageId: 224, type: "like", operation: "Remove" };
const partOfV3: ReactionRequest = {
  messageId: "linq:0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10",
  reaction: "🎉",
  partIndex: 1,
};

type Headers = operations["react"]["parameters"]["header"];
const headers: Headers = { "Idempotency-Key": "order-7", "X-Request-Id": "a0cbae9a" };
const withoutHeaders: Headers = {};

export function describe(answer: ReactionResponse | Problem): string {
  if ("code" in answer) {
    return `${answer.status} ${answer.code} retryable=${answer.retryable} (${answer.requestId})`;
  }
  return `${answer.provider} ${answer.operation} ${answer.status} at ${answer.sentAt ?? "-"}`;
}

export const samples = [add, remove, partOfV3, headers, withoutHeaders];

// @ts-expect-error neither reaction nor type
const neither: ReactionRequest = { messageId: "linq:224" };
// @ts-expect-error no messageId
const noMessage: ReactionRequest = { reaction: "love" };
export const refused = [neither, noMessage];
