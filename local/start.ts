// `npm start`: edge + control plane on this machine, every rule file in rules/
// published, and what to curl printed. Works with no network.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { publishRuleFile, ruleFiles } from "./publish-rules.ts";
import { repoRoot, startStack } from "./stack.ts";
import { localDataDir, removeStackFile, writeStackFile } from "./stack-file.ts";
import { signatureHeader } from "./webhook.ts";

const dataDir = localDataDir();
mkdirSync(dataDir, { recursive: true });

// Secrets live in the git-ignored data folder so tokens stay valid across restarts.
function localSecrets(): { jwtSecret: string; stateSecret: string; trackingSecret: string } {
  const file = join(dataDir, "secrets.json");
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const fresh = () => randomBytes(32).toString("hex");
  const secrets = {
    jwtSecret: kept.jwtSecret ?? fresh(),
    stateSecret: kept.stateSecret ?? fresh(),
    // Added with marketplace search: older secrets.json files gain it here.
    trackingSecret: kept.trackingSecret ?? fresh(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

const carrier = {
  id: process.env.SWITCHBOARD_DEV_CARRIER_ID ?? "dev",
  secret: process.env.SWITCHBOARD_DEV_CARRIER_SECRET ?? "dev-secret",
};
const ports = {
  edgePort: Number(process.env.EDGE_PORT ?? 8787),
  controlPort: Number(process.env.CONTROL_PORT ?? 8788),
};
const stack = await startStack({
  ...ports,
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  carrier,
  devUsers: true,
  edgeLogs: true,
  ...localSecrets(),
}).catch((error: unknown) => {
  // What went wrong and what to change, not a stack trace.
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    code === "EADDRINUSE" || /address already in use/i.test(message)
      ? `npm start: port ${ports.edgePort} or ${ports.controlPort} is in use (another npm start?); set EDGE_PORT and CONTROL_PORT to free ports`
      : `npm start: ${message}`,
  );
  process.exit(1);
});

// `npm run call` in another terminal finds the running stack here (its ports and carrier).
writeStackFile(dataDir, { edgeUrl: stack.edgeUrl, controlUrl: stack.controlUrl, carrier });
// However the process ends (Ctrl-C may reach Miniflare's handlers before ours), the file goes.
process.on("exit", () => removeStackFile(dataDir));

let shuttingDown = false;
async function stop(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log("\nstopping…");
  removeStackFile(dataDir);
  await stack.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const published = [];
for (const file of ruleFiles(join(repoRoot, "rules"))) {
  try {
    published.push(await publishRuleFile(stack.controlUrl, stack.operatorToken, file));
  } catch (error) {
    console.error(`✗ ${(error as Error).message}`);
  }
}

// The README's walk-through is the florist's call; any other PBX will do if it is missing.
const pbxes = published.filter((p) => p.kind === "Pbx");
const sample = pbxes.find((p) => p.name === "florist") ?? pbxes[0];
const sampleTo = sample?.numbers[0] ?? "+46812345678";
const sampleBody = JSON.stringify({
  callId: `c-${randomBytes(3).toString("hex")}`,
  kind: "pbx",
  from: "+46701234567",
  to: sampleTo,
  direction: "inbound",
  event: { type: "start" },
});
const signature = signatureHeader(carrier.secret, sampleBody, Math.floor(Date.now() / 1000));
const edge = stack.edgeUrl.replace(/\/$/, "");
const control = stack.controlUrl.replace(/\/$/, "");

console.log(`
Switchboard is running.

  edge           ${edge}          (POST /v1/calls, GET /v1/search, POST /v1/events, GET /healthz, GET /readyz)
  control plane  ${control}          (PUT /v1/rulesets/{tenant}/{name}, /openapi.json)
  web app        ${control}/app      (sign in with a dev user below, or with the operator token)

  operator token  ${stack.operatorToken}
  dev carrier     id ${carrier.id}   secret ${carrier.secret}
  dev users       ${stack.devUsers.map((u) => `${u.email} (${u.role}${u.tenant ? `, ${u.tenant}` : ""})`).join(", ")}
                  password ${stack.devUsers[0]?.password ?? "-"}

Published from rules/:
${published.map((p) => `  ${p.file.padEnd(34)} ${p.kind.padEnd(10)} ${(p.tenant ?? "-").padEnd(12)} ${p.name.padEnd(12)} v${p.version}  ${p.hash.slice(0, 12)}…  ${p.numbers.join(" ")}`).join("\n") || "  (nothing)"}

Walk a call from another terminal (signs as the dev carrier at this edge, both read from
.data/stack.json; keeps the call's state in .data/call.json):
  npm run call -- start --to ${sampleTo}
  npm run call -- digits 1
  npm run call -- dial_result busy
  npm run call -- start --to ${sampleTo} --at 2026-11-22T03:00:00+01:00   (outside opening hours)

Or curl it (this signature is valid for 5 minutes):
  curl -s ${edge}/v1/calls \\
    -H 'content-type: application/json' \\
    -H 'x-switchboard-carrier: ${carrier.id}' \\
    -H 'x-switchboard-signature: ${signature}' \\
    -d '${sampleBody}'

Publish a changed rule file as the florist's PBX admin (the typed CLI; curl works too):
  export SWITCHBOARD_URL=${control} SWITCHBOARD_PASSWORD=${stack.devUsers[0]?.password ?? "…"}
  export SWITCHBOARD_TOKEN=$(npm run -s switchboard -- login admin@florist.local)
  npm run -s switchboard -- push rules/examples/florist.yaml --publish
  npm run -s switchboard -- versions florist/florist
  npm run -s switchboard -- report florist        (calls made above show up within seconds)
  curl -s -X PUT ${control}/v1/rulesets/florist/florist -H "authorization: Bearer $SWITCHBOARD_TOKEN" \\
    -H 'content-type: application/yaml' --data-binary @rules/examples/florist.yaml
  curl -s -X POST ${control}/v1/rulesets/florist/florist/publish -H "authorization: Bearer $SWITCHBOARD_TOKEN" \\
    -H 'content-type: application/json' -d '{}'

Sell flowers on the marketplace (sign in as provider@florist.local at ${control}/app, or by API;
the whole walk, opening → campaign → search → click → report, is in docs/marketplace.md,
"Try it locally"), then search at the edge:
  curl -s '${edge}/v1/search?country=SE&category=florist&lat=59.33&lon=18.06&q=roses'

Ctrl-C stops everything.`);
