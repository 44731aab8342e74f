import { env } from "cloudflare:workers";
import { engineModule } from "@switchboard/wasm/worker";
import { afterEach, describe, expect, it, vi } from "vitest";
import sweden from "../../../rules/countries/se.yaml?raw";
import { publishCountry } from "../../test/publish.ts";
import { Budget } from "../budget.ts";
import { type CallCountries, type CountryLookup, callCountries } from "./index.ts";

/** A lookup over the test KV that records every key it reads and every background refresh. */
function recordingLookup() {
  const reads: string[] = [];
  const refreshes: Promise<unknown>[] = [];
  const kv = {
    get: (key: string, type?: "json" | "arrayBuffer" | "text") => {
      reads.push(key);
      return env.EDGE_KV.get(key, type as "text");
    },
  } as unknown as KVNamespace;
  const lookup: CountryLookup = {
    kv,
    module: engineModule,
    budget: new Budget(2_000, 2_000),
    background: (work) => refreshes.push(work),
  };
  return { lookup, reads, refreshes };
}

const CALLER = "+46701234567";
const DID = "+46812345678";

afterEach(() => {
  vi.useRealTimers();
});

describe("callCountries", () => {
  it("answers at once, reading nothing, once this isolate holds the countries", async () => {
    await publishCountry(sweden);
    const { lookup, reads } = recordingLookup();
    // The first lookup of this isolate may have to read; it leaves everything cached.
    expect((await callCountries(lookup, CALLER, DID)).home?.code).toBe("SE");
    reads.length = 0;

    const again = callCountries(lookup, CALLER, DID);
    expect(again).not.toBeInstanceOf(Promise);
    expect((again as CallCountries).caller?.code).toBe("SE");
    expect((again as CallCountries).home?.code).toBe("SE");
    expect(reads).toEqual([]);
  });

  it("still answers at once from a stale copy, and refreshes it behind the answer", async () => {
    await publishCountry(sweden);
    const { lookup, reads, refreshes } = recordingLookup();
    await callCountries(lookup, CALLER, DID);
    reads.length = 0;

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 5_000);
    const stale = callCountries(lookup, CALLER, DID);
    expect(stale).not.toBeInstanceOf(Promise);
    expect((stale as CallCountries).home?.code).toBe("SE");
    vi.useRealTimers();

    expect(refreshes.length).toBeGreaterThan(0);
    await Promise.all(refreshes);
    expect(reads).toContain("country-index");
  });

  it("knows no country for an anonymous caller or a number no country claims", async () => {
    await publishCountry(sweden);
    const { lookup } = recordingLookup();
    await callCountries(lookup, CALLER, DID);
    expect(await callCountries(lookup, "anonymous", DID)).toMatchObject({
      caller: null,
      home: { code: "SE" },
    });
    expect(await callCountries(lookup, "+999123456789", "+999123456789")).toEqual({
      caller: null,
      home: null,
    });
  });
});
