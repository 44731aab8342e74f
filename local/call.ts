// `npm run call -- <event> [value] [--to E164] [--from E164] [--at ISO]`:
// plays the carrier for one call, signing each webhook and carrying the
// continuation token between events in .data/call.json.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { localDataDir, readStackFile } from "./stack-file.ts";
import { postCall } from "./webhook.ts";

const usage = `usage: npm run call -- <event> [value] [--to +E164] [--from +E164] [--at ISO-time]
events: start | digits <0-9*#> | no_input | dial_result <answered|busy|no_answer|failed|unreachable>
        queue_poll | prompt_done | recording_done | hangup
'start' begins a new call; the other events continue the last one.`;

interface CallFile {
  callId: string;
  from: string;
  to: string;
  state: string | null;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    to: { type: "string" },
    from: { type: "string" },
    at: { type: "string" },
    edge: { type: "string" },
  },
});

const dataDir = localDataDir();
const running = readStackFile(dataDir);
// Explicit settings win over what `npm start` wrote, which wins over SPEC §8's defaults.
const edgeUrl =
  values.edge ??
  process.env.EDGE_URL ??
  (process.env.EDGE_PORT ? `http://127.0.0.1:${process.env.EDGE_PORT}` : undefined) ??
  running?.edgeUrl ??
  "http://127.0.0.1:8787";
const carrier = {
  id: process.env.SWITCHBOARD_DEV_CARRIER_ID ?? running?.carrier.id ?? "dev",
  secret: process.env.SWITCHBOARD_DEV_CARRIER_SECRET ?? running?.carrier.secret ?? "dev-secret",
};
const [type, value] = positionals;
const callFile = join(dataDir, "call.json");

function event(): Record<string, unknown> {
  switch (type) {
    case "digits":
      return { type, digits: value ?? "" };
    case "dial_result":
      return { type, status: value ?? "answered" };
    case "recording_done":
      return { type, url: "https://carrier.example/rec/1.wav", durationSec: 12 };
    case "hangup":
      return { type, cause: value ?? "normal" };
    default:
      return { type };
  }
}

if (!type) {
  console.error(usage);
  process.exit(2);
}
let call: CallFile;
if (type === "start") {
  call = {
    callId: `c-${randomBytes(4).toString("hex")}`,
    from: values.from ?? "+46701234567",
    to: values.to ?? "+46812345678",
    state: null,
  };
} else if (existsSync(callFile)) {
  call = JSON.parse(readFileSync(callFile, "utf8"));
} else {
  console.error(`no call in progress: start one first\n${usage}`);
  process.exit(2);
}

const body = {
  callId: call.callId,
  kind: "pbx",
  from: call.from,
  to: call.to,
  direction: "inbound",
  event: event(),
  ...(call.state ? { state: call.state } : {}),
  ...(values.at ? { timestamp: new Date(values.at).toISOString() } : {}),
};
let answer: Awaited<ReturnType<typeof postCall>>;
try {
  answer = await postCall(edgeUrl, carrier, body);
} catch (error) {
  const { cause } = error as { cause?: { code?: string; message?: string } };
  const why = cause?.code ?? cause?.message ?? (error as Error).message;
  console.error(
    `no answer from the edge at ${edgeUrl} (${why}): is \`npm start\` running? ` +
      "Set EDGE_PORT or EDGE_URL (or --edge) if it listens elsewhere.",
  );
  process.exit(1);
}

console.log(`HTTP ${answer.status}  Server-Timing: ${answer.headers.get("server-timing") ?? "-"}`);
console.log(JSON.stringify(answer.json, null, 2));
if (answer.status === 200) {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(callFile, JSON.stringify({ ...call, state: answer.json.state }, null, 2));
  if (answer.json.state === null) console.log("(the call needs no further answer)");
}
