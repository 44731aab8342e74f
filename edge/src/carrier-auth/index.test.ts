import { beforeEach, describe, expect, it } from "vitest";
import {
  CARRIER,
  type CallAnswer,
  type ErrorAnswer,
  newCallId,
  newNumber,
  postCall,
  registerCarrier,
  signatureHeader,
} from "../../test/webhook.ts";
import { parseSignature } from "./index.ts";

function startBody() {
  return {
    callId: newCallId(),
    kind: "pbx",
    from: "+46701234567",
    to: newNumber(),
    direction: "inbound",
    event: { type: "start" },
  };
}

async function refusal(response: Response): Promise<ErrorAnswer["error"]> {
  expect(response.status).toBe(401);
  const body = (await response.json()) as ErrorAnswer & Partial<CallAnswer>;
  // A refused carrier gets no decision at all.
  expect(body.actions).toBeUndefined();
  return body.error;
}

describe("carrier authentication", () => {
  beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

  it("lets a correctly signed webhook through", async () => {
    const response = await postCall(startBody());
    expect(response.status).toBe(200);
  });

  it("reads the MAC's hex digits in either case", async () => {
    const body = startBody();
    const signature = await signatureHeader(
      CARRIER.secret,
      JSON.stringify(body),
      Math.floor(Date.now() / 1000),
    );
    const upper = signature.replace(
      /v1=([0-9a-f]+)/,
      (_, hex: string) => `v1=${hex.toUpperCase()}`,
    );
    expect(upper).not.toBe(signature);
    expect((await postCall(body, { signature: upper })).status).toBe(200);
  });

  it("refuses a signature made with the wrong secret", async () => {
    const error = await refusal(await postCall(startBody(), { secret: "not-the-secret" }));
    expect(error.code).toBe("signature_invalid");
  });

  it("refuses a signature over a different body", async () => {
    const body = startBody();
    const signature = await signatureHeader(
      CARRIER.secret,
      JSON.stringify({ ...body, to: "+46800000000" }),
      Math.floor(Date.now() / 1000),
    );
    const error = await refusal(await postCall(body, { signature }));
    expect(error.code).toBe("signature_invalid");
  });

  it("refuses a signature older than 300 s, and one from more than 300 s ahead", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await refusal(await postCall(startBody(), { t: now - 301 }))).code).toBe(
      "signature_expired",
    );
    expect((await refusal(await postCall(startBody(), { t: now + 301 }))).code).toBe(
      "signature_expired",
    );
    expect((await postCall(startBody(), { t: now - 290 })).status).toBe(200);
  });

  it("refuses an unknown carrier", async () => {
    const error = await refusal(await postCall(startBody(), { carrier: "nobody" }));
    expect(error.code).toBe("carrier_unknown");
    expect(error.message).toContain("nobody");
  });

  it("refuses a webhook without a signature, or with a malformed one", async () => {
    expect((await refusal(await postCall(startBody(), { signature: null }))).code).toBe(
      "signature_missing",
    );
    expect((await refusal(await postCall(startBody(), { signature: "v1=abc" }))).code).toBe(
      "signature_malformed",
    );
  });

  it("accepts either secret while a carrier rotates, and no other", async () => {
    await registerCarrier("rotating", ["old-secret", "new-secret"]);
    for (const secret of ["old-secret", "new-secret"]) {
      const response = await postCall(startBody(), { carrier: "rotating", secret });
      expect(response.status).toBe(200);
    }
    const error = await refusal(
      await postCall(startBody(), { carrier: "rotating", secret: "retired-secret" }),
    );
    expect(error.code).toBe("signature_invalid");
  });

  it("times the refusal too", async () => {
    const response = await postCall(startBody(), { secret: "not-the-secret" });
    expect(response.headers.get("server-timing")).toContain("total;dur=");
  });
});

describe("parseSignature", () => {
  const mac = "0123456789abcdef".repeat(4);
  const bytes = Uint8Array.from(
    { length: 32 },
    (_, i) => [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef][i % 8] as number,
  );

  it("reads the time and every MAC, in either case, with spaces around parts", () => {
    expect(parseSignature(`t=1764230400,v1=${mac}`)).toEqual({ t: 1764230400, macs: [bytes] });
    expect(parseSignature(` v1=${mac.toUpperCase()} , t=7 ,v1=${mac}`)).toEqual({
      t: 7,
      macs: [bytes, bytes],
    });
  });

  it("ignores parts it does not know and keeps at most four MACs", () => {
    const header = `t=1,v0=xyz,${Array.from({ length: 6 }, () => `v1=${mac}`).join(",")}`;
    expect(parseSignature(header)?.macs).toHaveLength(4);
  });

  it.each([
    ["empty", ""],
    ["no time", `v1=${mac}`],
    ["no MAC", "t=1764230400"],
    ["a time with a letter", `t=17642304x0,v1=${mac}`],
    ["a time of 13 digits", `t=1764230400000,v1=${mac}`],
    ["an empty time", `t=,v1=${mac}`],
    ["a MAC one digit short", `t=1,v1=${mac.slice(1)}`],
    ["a MAC one digit long", `t=1,v1=${mac}0`],
    ["a MAC with a non-hex digit", `t=1,v1=${mac.slice(1)}g`],
  ])("refuses %s", (_, header) => {
    expect(parseSignature(header)).toBeNull();
  });
});
