/**
 * switchboard: the control plane from a shell, for PBX admins, operators and CI. Every call
 * goes through the typed client (hono/client). Exit codes: 0 done, 1 the control plane
 * refused (its code and message are printed), 2 a wrong command line.
 *
 *   SWITCHBOARD_URL    default http://127.0.0.1:$CONTROL_PORT (8788), as `npm start` serves
 *   SWITCHBOARD_TOKEN  an access token (`switchboard login`) or an API key (sbk_…)
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "@switchboard/rules-compiler";
import { type ControlPlaneClient, controlPlaneClient } from "../client.ts";
import {
  ApiRefusal,
  expectOk,
  publishVersion,
  pushRuleFile,
  type RuleFileTarget,
  ruleFileTarget,
} from "./rule-files.ts";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

const USAGE = `usage: switchboard <command> [arguments] [--json]

  login <email>                         print an access token (password: SWITCHBOARD_PASSWORD)
  push <file.yaml> [--publish] [--canary P]
                                        store the rule file as a new version (and publish it)
  publish <tenant>/<name> [--version N] [--canary P]
  promote <tenant>/<name>               the canary takes all calls
  rollback <tenant>/<name> <version>
  versions <tenant>/<name>
  diff <tenant>/<name> <from> <to>
  import <tenant> <file.csv|file.ndjson>
                                        stream subscribers in; per-row errors are listed
  report <tenant> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--did +E164]
                                        calls per day by node and outcome

--json prints the control plane's answer as is.
SWITCHBOARD_URL (default http://127.0.0.1:8788), SWITCHBOARD_TOKEN (token or API key).`;

class UsageError extends Error {}

const options = {
  json: { type: "boolean" },
  publish: { type: "boolean" },
  canary: { type: "string" },
  version: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  did: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let parsed: { positionals: string[]; values: Values };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`switchboard: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...args] = parsed.positionals;
  if (!command || parsed.values.help) {
    (command ? io.out : io.err)(USAGE);
    return command ? 0 : 2;
  }
  const url = io.env.SWITCHBOARD_URL ?? `http://127.0.0.1:${io.env.CONTROL_PORT ?? 8788}`;
  const cp = controlPlaneClient(url, { token: io.env.SWITCHBOARD_TOKEN });
  try {
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return await run(cp, args, parsed.values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`switchboard ${command}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ApiRefusal) {
      io.err(`switchboard ${command}: ${error.message}`);
      return 1;
    }
    const cause = (error as Error).cause as Error | undefined;
    io.err(
      `switchboard ${command}: ${(error as Error).message}${cause ? ` (${cause.message})` : ""}`,
    );
    return 1;
  }
}

type Run = (cp: ControlPlaneClient, args: string[], values: Values, io: Io) => Promise<number>;

const commands: Record<string, Run> = {
  async login(cp, [email], values, io) {
    const password = io.env.SWITCHBOARD_PASSWORD;
    if (!email || !password) throw new UsageError("give an email and set SWITCHBOARD_PASSWORD");
    const token = await expectOk(await cp.v1.auth.login.$post({ json: { email, password } }));
    io.out(values.json ? JSON.stringify(token) : token.accessToken);
    return 0;
  },

  async push(cp, [file], values, io) {
    if (!file) throw new UsageError("name the rule file");
    const source = await readFile(file, "utf8");
    const target = ruleFileTarget(source);
    if (!target) throw new UsageError(`${file} names no kind and metadata (name, tenant)`);
    const pushed = await pushRuleFile(cp, target, source);
    for (const d of pushed.diagnostics) io.err(formatDiagnostic({ ...d, file }, source));
    if (!pushed.ok) {
      io.err(`${file}: ${pushed.status} ${pushed.code}: ${pushed.message}`);
      return 1;
    }
    const where = refOf(target);
    io.out(
      values.json
        ? JSON.stringify(pushed)
        : `${where} v${pushed.version} ${pushed.status === 201 ? "stored" : "unchanged"} (${pushed.hash.slice(0, 12)}…)`,
    );
    if (!values.publish) return 0;
    const rollout = await publishVersion(cp, target, {
      version: pushed.version,
      canaryPercent: percent(values.canary),
    });
    io.out(values.json ? JSON.stringify(rollout) : describeRollout(where, rollout));
    return 0;
  },

  async publish(cp, [ref], values, io) {
    const target = parseRef(ref);
    const request = { version: integer(values.version), canaryPercent: percent(values.canary) };
    const rollout = await publishVersion(cp, target, request);
    io.out(values.json ? JSON.stringify(rollout) : describeRollout(refOf(target), rollout));
    return 0;
  },

  async promote(cp, [ref], values, io) {
    const target = parseRef(ref);
    const rollout = await expectOk(await rulesetOf(cp).promote.$post({ param: paramOf(target) }));
    io.out(values.json ? JSON.stringify(rollout) : describeRollout(refOf(target), rollout));
    return 0;
  },

  async rollback(cp, [ref, version], values, io) {
    const target = parseRef(ref);
    const json = { version: integer(version) ?? missing("the version to roll back to") };
    const rollout = await expectOk(
      await rulesetOf(cp).rollback.$post({ param: paramOf(target), json }),
    );
    io.out(values.json ? JSON.stringify(rollout) : describeRollout(refOf(target), rollout));
    return 0;
  },

  async versions(cp, [ref], values, io) {
    const target = parseRef(ref);
    const list = await expectOk(await rulesetOf(cp).versions.$get({ param: paramOf(target) }));
    if (values.json) io.out(JSON.stringify(list));
    for (const v of values.json ? [] : list.versions) {
      const state = v.active ? "active" : v.canary ? "canary" : "";
      io.out(`v${v.version}\t${v.hash.slice(0, 12)}…\t${v.createdAt}\t${v.author}\t${state}`);
    }
    return 0;
  },

  async diff(cp, [ref, from, to], values, io) {
    const target = parseRef(ref);
    const query = {
      from: String(integer(from) ?? missing("the version to diff from")),
      to: String(integer(to) ?? missing("the version to diff to")),
    };
    const diff = await expectOk(await rulesetOf(cp).diff.$get({ param: paramOf(target), query }));
    io.out(values.json ? JSON.stringify(diff) : diff.diff);
    return 0;
  },

  async import(cp, [tenant, file], values, io) {
    if (!tenant || !file) throw new UsageError("give the tenant and the file");
    const type = {
      ".csv": "text/csv",
      ".ndjson": "application/x-ndjson",
      ".jsonl": "application/x-ndjson",
    }[extname(file).toLowerCase()];
    if (!type) throw new UsageError(`${file}: name it .csv or .ndjson`);
    // Streamed from disk: the file is never read whole, however many subscribers it holds.
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    const report = await expectOk(
      await cp.v1.tenants[":tenant"]["subscribers:import"].$post(
        { param: { tenant } },
        { headers: { "Content-Type": type }, init: { body, duplex: "half" } as RequestInit },
      ),
    );
    if (values.json) {
      io.out(JSON.stringify(report));
      return 0;
    }
    for (const e of report.errors) io.err(`${file}:${e.row}: ${e.message}`);
    if (report.errorsTruncated) io.err(`${file}: more rows failed than are listed`);
    io.out(
      `${report.imported} of ${report.rows} rows imported, ${report.failed} failed; ` +
        `${report.shards.written} shard(s) published, ${report.shards.unchanged} unchanged`,
    );
    return report.failed > 0 ? 1 : 0;
  },

  async report(cp, [tenant], values, io) {
    if (!tenant) throw new UsageError("give the tenant");
    const query = {
      tenant,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values.did ? { did: values.did } : {}),
    };
    const report = await expectOk(await cp.v1.reports.calls.$get({ query }));
    if (values.json) {
      io.out(JSON.stringify(report));
      return 0;
    }
    io.out(`${tenant}, ${report.from} … ${report.to} (UTC days)`);
    io.out("day\tnode\toutcome\tcalls\tdecisions");
    for (const r of report.rows) {
      io.out(`${r.day}\t${r.node ?? "-"}\t${r.outcome}\t${r.calls}\t${r.decisions}`);
    }
    return 0;
  },
};

function parseRef(ref: string | undefined): RuleFileTarget & { tenant: string } {
  const [tenant, name, ...rest] = (ref ?? "").split("/");
  if (!tenant || !name || rest.length > 0)
    throw new UsageError("name the rule set as <tenant>/<name>");
  return { kind: "", tenant, name };
}

const rulesetOf = (cp: ControlPlaneClient) => cp.v1.rulesets[":tenant"][":name"];
const paramOf = ({ tenant, name }: { tenant: string; name: string }) => ({ tenant, name });
const refOf = (t: RuleFileTarget) =>
  t.tenant === null ? `country ${t.name}` : `${t.tenant}/${t.name}`;

function integer(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`"${text}" is not a version number`);
  return Number(text);
}

function percent(text: string | undefined): number | undefined {
  const value = integer(text);
  if (value !== undefined && (value < 1 || value > 99)) {
    throw new UsageError("--canary takes a percentage from 1 to 99");
  }
  return value;
}

function missing(what: string): never {
  throw new UsageError(`give ${what}`);
}

function describeRollout(
  where: string,
  {
    active,
    canary,
  }: { active: { version: number }; canary: { version: number; percent: number } | null },
): string {
  return canary
    ? `${where}: v${active.version} active, v${canary.version} canary at ${canary.percent} %`
    : `${where}: v${active.version} active`;
}
