import { describe, expect, it } from "vitest";
import { engineOf, floristSource, startCall } from "./compiled.ts";

const florist = engineOf(floristSource);
const welcome = {
  tts: "Välkommen till blomsterbutiken. Tryck 1 för att prata med oss, tryck 2 för våra öppettider.",
  language: "sv-SE",
};
const gather = { type: "gather", prompt: welcome, maxDigits: 1, timeoutSec: 5 };
const voicemail = { type: "voicemail", mailbox: "florist", maxSec: 120 };
const closedPrompt = {
  type: "play",
  prompt: {
    tts: "Butiken är stängd just nu. Lämna gärna ett meddelande efter tonen.",
    language: "sv-SE",
  },
};
// Monday 2026-11-23, 11:00 in Stockholm (UTC+1).
const mondayMorning = new Date("2026-11-23T10:00:00Z");

describe("florist PBX", () => {
  it("describes the loaded bundle", () => {
    expect(florist.info).toEqual({
      tenant: "florist",
      name: "florist",
      country: "SE",
      language: "sv-SE",
      timezone: "Europe/Stockholm",
      numbers: ["+46812345678"],
      nodes: ["hours", "main_menu", "shop", "opening_hours", "goodbye", "closed", "voicemail"],
    });
  });

  it("walks a whole call: menu, shop busy, voicemail, hangup", () => {
    const call = startCall(florist, { at: mondayMorning });
    expect(call.send({ type: "start" })).toEqual({
      actions: [gather],
      node: 1,
      retry: 0,
      answeredBy: "main_menu",
      steps: 2,
    });
    expect(call.send({ type: "digits", digits: "1" })).toMatchObject({
      actions: [
        { type: "connect", to: ["+46701234567"], strategy: "simultaneous", timeoutSec: 25 },
      ],
      answeredBy: "shop",
    });
    expect(call.send({ type: "dial_result", status: "busy" })).toMatchObject({
      actions: [voicemail],
      answeredBy: "voicemail",
    });
    expect(call.send({ type: "recording_done", url: "https://x/r.wav" })).toEqual({
      actions: [{ type: "hangup" }],
      node: null,
      retry: 0,
      answeredBy: "voicemail",
      steps: 0,
    });
  });

  it("ends with no actions when the dialled shop answers", () => {
    const call = startCall(florist, { at: mondayMorning });
    call.send({ type: "start" });
    call.send({ type: "digits", digits: "1" });
    expect(call.send({ type: "dial_result", status: "answered" })).toMatchObject({
      actions: [],
      node: null,
      answeredBy: "shop",
    });
  });

  it("plays the opening hours and hangs up on 2", () => {
    const call = startCall(florist, { at: mondayMorning });
    call.send({ type: "start" });
    const step = call.send({ type: "digits", digits: "2" });
    expect(step.actions.map((a) => a.type)).toEqual(["play", "hangup"]);
    expect(step).toMatchObject({ node: null, answeredBy: "goodbye", steps: 2 });
  });

  it("judges opening hours in the PBX's time zone", () => {
    // 08:30 UTC is 09:30 in Stockholm: open, though 08:30 would be closed.
    const open = startCall(florist, { at: new Date("2026-11-23T08:30:00Z") });
    expect(open.send({ type: "start" }).answeredBy).toBe("main_menu");
    const early = startCall(florist, { at: new Date("2026-11-23T07:30:00Z") });
    expect(early.send({ type: "start" }).actions).toEqual([closedPrompt, voicemail]);
    // In summer time (UTC+2) 07:30 UTC is 09:30 local: open.
    const summer = startCall(florist, { at: new Date("2026-06-01T07:30:00Z") });
    expect(summer.send({ type: "start" }).answeredBy).toBe("main_menu");
  });

  it("plays the closed prompt and takes a message when closed", () => {
    const sunday = startCall(florist, { at: new Date("2026-11-22T12:00:00Z") });
    expect(sunday.send({ type: "start" })).toEqual({
      actions: [closedPrompt, voicemail],
      node: 6,
      retry: 0,
      answeredBy: "voicemail",
      steps: 3,
    });
  });

  it("is closed on a holiday that falls on a weekday", () => {
    const christmas = startCall(florist, { at: new Date("2026-12-25T10:00:00Z") });
    expect(christmas.send({ type: "start" }).actions).toEqual([closedPrompt, voicemail]);
  });

  it("re-prompts on no input up to the retries, then goes to voicemail", () => {
    const call = startCall(florist, { at: mondayMorning });
    call.send({ type: "start" });
    expect(call.send({ type: "no_input" })).toMatchObject({ actions: [gather], retry: 1 });
    expect(call.send({ type: "no_input" })).toMatchObject({ actions: [gather], retry: 2 });
    expect(call.send({ type: "no_input" })).toMatchObject({
      actions: [voicemail],
      node: 6,
      retry: 0,
    });
  });

  it("re-prompts on an invalid digit, counting it as a retry", () => {
    const call = startCall(florist, { at: mondayMorning });
    call.send({ type: "start" });
    expect(call.send({ type: "digits", digits: "9" })).toMatchObject({
      actions: [gather],
      node: 1,
      retry: 1,
      answeredBy: "main_menu",
    });
    expect(call.send({ type: "digits", digits: "1" }).answeredBy).toBe("shop");
  });

  it("repeats the waiting node's actions on an unexpected event", () => {
    const call = startCall(florist, { at: mondayMorning });
    call.send({ type: "start" });
    call.send({ type: "no_input" });
    expect(call.send({ type: "prompt_done" })).toMatchObject({
      actions: [gather],
      node: 1,
      retry: 1,
    });
  });

  it("ends quietly when the caller hangs up", () => {
    const call = startCall(florist, { at: mondayMorning });
    call.send({ type: "start" });
    expect(call.send({ type: "hangup", cause: "normal" })).toMatchObject({
      actions: [],
      node: null,
      answeredBy: "main_menu",
    });
  });

  it("hands every call the same frozen action for the same node, whatever came between", () => {
    const first = startCall(florist, { at: mondayMorning });
    const menu = first.send({ type: "start" }).actions[0];
    const shop = first.send({ type: "digits", digits: "1" }).actions[0];
    const second = startCall(florist, { at: mondayMorning, from: "+46709999999" });
    expect(second.send({ type: "start" }).actions[0]).toBe(menu);
    expect(second.send({ type: "digits", digits: "1" }).actions[0]).toBe(shop);
    expect(Object.isFrozen(shop)).toBe(true);
    expect(() => {
      (shop as { timeoutSec: number }).timeoutSec = 1;
    }).toThrow(TypeError);
    expect(startCall(florist, { at: mondayMorning }).send({ type: "start" }).actions).toEqual([
      gather,
    ]);
  });
});
