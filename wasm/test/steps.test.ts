import { describe, expect, it } from "vitest";
import { engineOf, pbxSource, startCall } from "./compiled.ts";

describe("menu", () => {
  const engine = engineOf(
    pbxSource(
      "menu",
      `    menu:
      type: menu
      prompt: { audio: "https://cdn.example/menu.mp3" }
      retries: 0
      maxDigits: 2
      options: { "12": sales }
    sales: { type: connect, to: ["+46701111111"], strategy: sequential, callerId: "+46812345678" }`,
    ),
  );

  it("gathers with the prompt, digit count and finish key", () => {
    expect(startCall(engine).send({ type: "start" }).actions).toEqual([
      {
        type: "gather",
        prompt: { audio: "https://cdn.example/menu.mp3" },
        maxDigits: 2,
        timeoutSec: 5,
        finishOnKey: "#",
      },
    ]);
  });

  it("matches a multi-digit key exactly", () => {
    const call = startCall(engine);
    call.send({ type: "start" });
    expect(call.send({ type: "digits", digits: "12" }).actions).toEqual([
      {
        type: "connect",
        to: ["+46701111111"],
        strategy: "sequential",
        timeoutSec: 30,
        callerId: "+46812345678",
      },
    ]);
  });

  it("hangs up after the retries when no handler is set", () => {
    for (const event of [{ type: "no_input" }, { type: "digits", digits: "1" }] as const) {
      const call = startCall(engine);
      call.send({ type: "start" });
      expect(call.send(event)).toMatchObject({ actions: [{ type: "hangup" }], node: null });
    }
  });

  it("hangs up when a dialled number fails and no handler is set", () => {
    const call = startCall(engine);
    call.send({ type: "start" });
    call.send({ type: "digits", digits: "12" });
    expect(call.send({ type: "dial_result", status: "busy" })).toMatchObject({
      actions: [{ type: "hangup" }],
      node: null,
      answeredBy: "sales",
    });
  });
});

describe("connect", () => {
  const engine = engineOf(
    pbxSource(
      "dial",
      `    dial: { type: connect, to: ["+46701111111", "+46702222222"], onNoAnswer: late, onFailed: broken }
    late: { type: reject, reason: busy }
    broken: { type: hangup }`,
    ),
  );
  const afterDial = (status: "busy" | "no_answer" | "failed" | "unreachable") => {
    const call = startCall(engine);
    call.send({ type: "start" });
    return call.send({ type: "dial_result", status });
  };

  it("follows the handler of each dial result", () => {
    expect(afterDial("no_answer")).toMatchObject({
      actions: [{ type: "reject", reason: "busy" }],
      node: null,
      answeredBy: "late",
    });
    expect(afterDial("failed").answeredBy).toBe("broken");
    expect(afterDial("unreachable").answeredBy).toBe("broken");
  });

  it("falls back to onFailed when onBusy is absent", () => {
    expect(afterDial("busy")).toMatchObject({
      actions: [{ type: "hangup" }],
      answeredBy: "broken",
    });
  });

  it("repeats the dial on an event other than a dial result", () => {
    const call = startCall(engine);
    call.send({ type: "start" });
    expect(call.send({ type: "digits", digits: "5" })).toMatchObject({
      actions: [{ type: "connect", to: ["+46701111111", "+46702222222"] }],
      answeredBy: "dial",
    });
  });
});

describe("queue", () => {
  const engine = engineOf(
    pbxSource(
      "wait",
      `    wait: { type: queue, queue: support }
    message: { type: voicemail, mailbox: support, greeting: { tts: "Leave a message", language: en-GB }, maxSec: 60 }`,
      `  queues:
    support:
      agents: ["+46701111111"]
      holdPrompt: { audio: "https://cdn.example/hold.mp3" }
      onTimeout: message`,
    ),
  );
  const enqueue = {
    type: "enqueue",
    queue: "support",
    position: 0,
    holdPrompt: { audio: "https://cdn.example/hold.mp3" },
    pollSec: 10,
  };

  it("enqueues and re-enters the queue on each poll", () => {
    const call = startCall(engine);
    expect(call.send({ type: "start" }).actions).toEqual([enqueue]);
    expect(call.send({ type: "queue_poll" })).toMatchObject({
      actions: [enqueue],
      answeredBy: "wait",
    });
  });

  it("takes the queue's onTimeout on a queue timeout", () => {
    const call = startCall(engine);
    call.send({ type: "start" });
    expect(call.send({ type: "queue_timeout" })).toMatchObject({
      actions: [
        {
          type: "voicemail",
          mailbox: "support",
          greeting: { tts: "Leave a message", language: "en-GB" },
          maxSec: 60,
        },
      ],
      answeredBy: "message",
    });
  });
});

describe("play", () => {
  it("chains plays and hangs up after the last one", () => {
    const engine = engineOf(
      pbxSource(
        "first",
        `    first: { type: play, prompt: { tts: "one" }, next: second, loop: 3 }
    second: { type: play, prompt: { tts: "two" } }`,
      ),
    );
    expect(startCall(engine).send({ type: "start" })).toEqual({
      actions: [
        { type: "play", prompt: { tts: "one", language: "sv-SE" }, loop: 3 },
        { type: "play", prompt: { tts: "two", language: "sv-SE" } },
        { type: "hangup" },
      ],
      node: null,
      retry: 0,
      answeredBy: "second",
      steps: 2,
    });
  });
});

describe("schedule", () => {
  it("judges a schedule in its own time zone", () => {
    const engine = engineOf(
      pbxSource(
        "hours",
        `    hours: { type: schedule, schedule: newyork, open: open, closed: closed }
    open: { type: hangup }
    closed: { type: reject, reason: unavailable }`,
        `  schedules:
    newyork:
      timezone: America/New_York
      weekly: { mon-fri: ["09:00-17:00"] }`,
      ),
    );
    expect(engine.info.timezone).toBe("Europe/Stockholm");
    const at = (iso: string) => startCall(engine, { at: new Date(iso) }).send({ type: "start" });
    // Monday 15:00 in New York (21:00 in Stockholm).
    expect(at("2026-11-23T20:00:00Z").answeredBy).toBe("open");
    // Monday 08:00 in New York (14:00 in Stockholm).
    expect(at("2026-11-23T13:00:00Z").actions).toEqual([{ type: "reject", reason: "unavailable" }]);
    // Friday 16:59 is open, Friday 17:00 and Saturday are not.
    expect(at("2026-11-27T21:59:00Z").answeredBy).toBe("open");
    expect(at("2026-11-27T22:00:00Z").answeredBy).toBe("closed");
    expect(at("2026-11-28T15:00:00Z").answeredBy).toBe("closed");
  });
});
