import { encodeSubscriberShard, sha256Hex } from "@switchboard/rules-compiler";
import { beforeAll, describe, expect, it } from "vitest";
import {
  controlPlane,
  databaseTargets,
  fresh,
  mobilePlanSource,
  operator,
  token,
  useControlPlane,
} from "../../test/harness.ts";
import { withBulk } from "../publisher/index.ts";

/** A request body streamed chunk by chunk, as a large upload arrives. */
function streamOf(lines: Iterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.iterator]();
  return new ReadableStream({
    pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = iterator.next();
        if (next.done) break;
        chunk += `${next.value}\n`;
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      else controller.close();
    },
  });
}

function* generated(count: number, base: string) {
  for (let i = 0; i < count; i++) {
    const number = `${base}${String(i).padStart(6, "0")}`;
    yield JSON.stringify(
      i % 3 === 0
        ? { number, forwarding: { busy: "+46708000000" }, blocklist: ["+46900*"] }
        : { number, dnd: { weekly: { "mon-fri": ["22:00-24:00"] } } },
    );
  }
}

describe.each(databaseTargets)("subscribers on $name", (target) => {
  const suite = useControlPlane(target);
  const carrier = fresh();
  const base = `+4673${carrier.tenant.slice(-4)}`; // + 6 digits: 12-digit numbers, shards of 100
  let planHash = "";

  const importBody = async (
    tenant: string,
    type: string,
    body: ReadableStream<Uint8Array> | string,
  ) => {
    const res = await suite.cp.app.request(`/v1/tenants/${tenant}/subscribers:import`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await operator()}`, "Content-Type": type },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" }),
    } as RequestInit);
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on the JSON shape directly
    return { status: res.status, json: (await res.json()) as any };
  };

  beforeAll(async () => {
    const { tenant } = carrier;
    ({ hash: planHash } = await suite.cp.upload(tenant, mobilePlanSource({ tenant }), "plan"));
    await suite.cp.publish(tenant, {}, "plan");
  });

  it("streams 50,000 NDJSON rows into Postgres and publishes them as 500 shards", {
    timeout: 300_000,
  }, async () => {
    const res = await importBody(
      carrier.tenant,
      "application/x-ndjson",
      streamOf(generated(50_000, base)),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rows: 50_000, imported: 50_000, failed: 0, errors: [] });
    expect(res.json.shards).toMatchObject({ written: 500, unchanged: 0, errors: [] });

    const prefix = `${base}0123`;
    const pointer = (await suite.edge.json(`sub/${prefix}`)) as { bundle: string };
    expect(pointer).toEqual({ bundle: expect.any(String), plan: planHash, tenant: carrier.tenant });
    const rows = [...generated(12_400, base)].slice(12_300).map((line) => JSON.parse(line));
    const expected = encodeSubscriberShard({
      tenant: carrier.tenant,
      plan: "plan",
      timezone: "Europe/Stockholm",
      subscribers: rows,
    });
    expect(pointer.bundle).toBe(sha256Hex(expected));
    expect(await suite.edge.bundle(pointer.bundle)).toEqual(expected);

    const again = await importBody(
      carrier.tenant,
      "application/x-ndjson",
      streamOf(generated(50_000, base)),
    );
    expect(again.json.shards).toMatchObject({ written: 0, unchanged: 500 });
  });

  it("reports each bad row with its line and stores the rest (CSV)", async () => {
    const { tenant } = fresh();
    await suite.cp.upload(tenant, mobilePlanSource({ tenant }), "plan");
    await suite.cp.publish(tenant, {}, "plan");
    const n = `+4674${tenant.slice(-4)}0000`;
    const csv = [
      "number,forwarding.busy,noAnswerTimeoutSec,dnd.weekly,blocklist",
      `${n}01,+46708000000,25,mon-fri 22:00-24:00 00:00-07:00; sat 00:00-24:00,+46900* +46701234567`,
      `${n}02,,,,`,
      `0701234567,,,,`,
      `${n}03,+46708000000,2,,`,
      `${n}04,"+46708000000",,"mon 25:00-26:00",`,
      `${n}05,"unterminated,,,,`,
      `${n}06,,`,
      "",
      `${n}07,,,,`,
    ].join("\r\n");
    const res = await importBody(tenant, "text/csv", csv);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rows: 8, imported: 3, failed: 5 });
    expect(res.json.errors.map((e: { row: number }) => e.row)).toEqual([4, 5, 6, 7, 8]);
    expect(res.json.errors[0].message).toContain("number: expected an E.164 number");
    expect(res.json.errors[1].message).toContain("noAnswerTimeoutSec");
    expect(res.json.errors[2].message).toContain("25:00-26:00");
    expect(res.json.errors[3].message).toContain("unterminated quoted field");
    expect(res.json.errors[4].message).toContain("3 cells, but the header has 5 columns");

    const one = await suite.cp
      .client(await operator())
      .v1.tenants[":tenant"].subscribers[":number"].$get({
        param: { tenant, number: `${n}01` },
      });
    expect(await one.json()).toEqual({
      number: `${n}01`,
      forwarding: { busy: "+46708000000" },
      noAnswerTimeoutSec: 25,
      dnd: { weekly: { "mon-fri": ["22:00-24:00", "00:00-07:00"], sat: ["00:00-24:00"] } },
      blocklist: ["+46900*", "+46701234567"],
    });
    const header = await importBody(tenant, "text/csv", "number,colour\n+46701234567,red\n");
    expect(header).toMatchObject({ status: 422, json: { error: { code: "invalid_csv_header" } } });
    expect(header.json.error.message).toContain("unknown column(s) colour");
  });

  it("republishes only the changed subscriber's shard", async () => {
    const writes: string[] = [];
    const counting = controlPlane(
      suite.database,
      withBulk({
        put: (key, value) => {
          writes.push(key);
          return suite.edge.publisher.put(key, value);
        },
        delete: (key) => {
          writes.push(`delete ${key}`);
          return suite.edge.publisher.delete(key);
        },
      }),
    );
    const number = `${base}004217`;
    const res = await counting.call("PUT", `/v1/tenants/${carrier.tenant}/subscribers/${number}`, {
      token: await operator(),
      body: { forwarding: { unconditional: "+46701111111" } },
    });
    expect(res.status).toBe(200);
    const pointer = (await suite.edge.json(`sub/${base}0042`)) as { bundle: string };
    expect(writes).toEqual([`bundle/${pointer.bundle}`, `sub/${base}0042`]);
    expect(res.json).toMatchObject({ shard: `sub/${base}0042`, shards: { written: 1 } });

    writes.length = 0;
    const removed = await counting.call(
      "DELETE",
      `/v1/tenants/${carrier.tenant}/subscribers/${number}`,
      {
        token: await operator(),
      },
    );
    expect(removed.status).toBe(200);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe(`sub/${base}0042`);
  });

  it("keeps a number range with its carrier and refuses imports without a MobilePlan", async () => {
    const other = fresh().tenant;
    await suite.cp.upload(other, mobilePlanSource({ tenant: other }), "plan");
    await suite.cp.publish(other, {}, "plan");
    const theirs = `${base}000001`;
    const res = await importBody(other, "application/x-ndjson", `{"number":"${theirs}"}\n`);
    expect(res.json).toMatchObject({ imported: 0, failed: 1 });
    expect(res.json.errors[0].message).toContain("belongs to another carrier");

    const admin = await token({ sub: "a", role: "pbx_admin", tenant: other });
    const peek = await suite.cp.call("GET", `/v1/tenants/${carrier.tenant}/subscribers/${theirs}`, {
      token: admin,
    });
    expect(peek.status).toBe(403);

    const planless = fresh().tenant;
    const none = await importBody(planless, "application/x-ndjson", `{"number":"+46700000001"}\n`);
    expect(none).toMatchObject({ status: 409, json: { error: { code: "no_mobile_plan" } } });
  });

  it("lists subscribers a page at a time", async () => {
    const page = suite.cp.client(await operator()).v1.tenants[":tenant"].subscribers;
    const first = await (
      await page.$get({ param: { tenant: carrier.tenant }, query: { limit: "2" } })
    ).json();
    expect(first.subscribers.map((s: { number: string }) => s.number)).toEqual([
      `${base}000000`,
      `${base}000001`,
    ]);
    const second = await (
      await page.$get({
        param: { tenant: carrier.tenant },
        query: { limit: "1", after: first.next ?? "" },
      })
    ).json();
    expect(second.subscribers[0]?.number).toBe(`${base}000002`);
  });
});
