import { describe, expect, it } from "vitest";
import { engineOf, pbxSource, startCall } from "./compiled.ts";

const engine = engineOf(
  pbxSource(
    "route",
    `    route:
      type: match
      cases:
        - { when: { anonymous: true }, next: anonymous }
        - { when: { callerIn: ["+46709999999"] }, next: vip }
        - { when: { callerPrefix: ["+4670", "+4672"], calledIn: ["+46812345678"] }, next: mobile }
        - { when: { calledIn: ["+46899999999"] }, next: second_line }
      default: other
    anonymous: { type: reject, reason: rejected }
    vip: { type: hangup }
    mobile: { type: hangup }
    second_line: { type: hangup }
    other: { type: hangup }`,
  ),
);

const routeOf = (from: string, to = "+46812345678") =>
  startCall(engine, { from, to }).send({ type: "start" }).answeredBy;

describe("match", () => {
  it("rejects anonymous callers by the anonymous condition", () => {
    expect(startCall(engine, { from: "anonymous" }).send({ type: "start" })).toMatchObject({
      actions: [{ type: "reject", reason: "rejected" }],
      node: null,
      answeredBy: "anonymous",
    });
  });

  it("takes the first case whose conditions all hold", () => {
    expect(routeOf("+46709999999")).toBe("vip");
    expect(routeOf("+46701234567")).toBe("mobile");
    expect(routeOf("+46721234567")).toBe("mobile");
  });

  it("needs every condition of a case", () => {
    // A mobile caller to the second line: callerPrefix holds, calledIn does not.
    expect(routeOf("+46701234567", "+46899999999")).toBe("second_line");
  });

  it("does not take a prefix longer than the caller", () => {
    expect(routeOf("+4670")).toBe("mobile");
    expect(routeOf("+467")).toBe("other");
  });

  it("falls back to the default", () => {
    expect(routeOf("+4631123456")).toBe("other");
  });
});
