// Validates sample bodies against the committed document's ReactionRequest schema with Ajv
// (JSON Schema 2020-12, the dialect of OpenAPI 3.1): what the gateway accepts must pass, what it
// refuses for its shape must fail.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const documentPath = process.argv[2] ?? "../../src/main/openapi/openapi.json";
const document = JSON.parse(readFileSync(documentPath, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int32", true).addFormat("int64", true);
const validate = ajv.compile(document.components.schemas.ReactionRequest);

const accepted = [
  { provider: "LINQ", messageId: "224", reaction: "love" },
  { provider: "linq", messageId: 224, reaction: "love", operation: "Remove" },
  { messageId: "chert:msg_01H", type: "like" },
  { messageId: "linq:224", reaction: "🎉", partIndex: 1, unknownField: { nested: [1, 2] } },
];
const refused = [
  { provider: "linq", messageId: "224" },
  { provider: "linq", reaction: "love" },
  { provider: "sms", messageId: "224", reaction: "love" },
  { provider: "linq", messageId: "224", reaction: "love", operation: "delete" },
  { provider: "linq", messageId: "224", reaction: "love", partIndex: 101 },
];

let failures = 0;
for (const body of accepted) {
  if (!validate(body)) {
    failures++;
    console.error(`refused, but the gateway accepts it: ${JSON.stringify(body)}`, validate.errors);
  }
}
for (const body of refused) {
  if (validate(body)) {
    failures++;
    console.error(`accepted, but the gateway refuses it: ${JSON.stringify(body)}`);
  }
}
console.log(`request schema: ${accepted.length + refused.length - failures} of ${accepted.length + refused.length} samples as expected`);
process.exit(failures === 0 ? 0 : 1);
