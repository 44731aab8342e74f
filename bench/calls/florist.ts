// The florist PBX (rules/examples/florist.yaml) three ways, for the in-process
// comparison: the steps the benchmark decides, a hand-written TypeScript
// function (the floor) and json-rules-engine rules. All three must give the
// engine's exact answer; index.ts checks that before it measures anything.
import { readFileSync } from "node:fs";
import type { Action, Prompt } from "@switchboard/wasm";
import { Engine, type Event, type TopLevelCondition } from "json-rules-engine";

export const FLORIST_YAML = readFileSync(
  new URL("../../rules/examples/florist.yaml", import.meta.url),
  "utf8",
);
export const FLORIST_NUMBER = "+46812345678";
export const CALLER = "+46701112233";
/** Monday 11:00 in Stockholm: the shop is open. */
export const OPEN_AT = new Date("2026-11-23T10:00:00Z");

/** What one step decides on, as the edge hands it to the engine. */
export interface FloristStep {
  event: { type: "start" } | { type: "digits"; digits: string };
  node: string | null;
  retry: number;
  at: Date;
}
export interface FloristAnswer {
  actions: Action[];
  node: string | null;
}

/** The realistic pair: a call starts inside opening hours (→ menu), the caller presses 1 (→ shop). */
export const STEPS: FloristStep[] = [
  { event: { type: "start" }, node: null, retry: 0, at: OPEN_AT },
  { event: { type: "digits", digits: "1" }, node: "main_menu", retry: 0, at: OPEN_AT },
];

const sv = (tts: string): Prompt => ({ tts, language: "sv-SE" });
const WELCOME = sv(
  "Välkommen till blomsterbutiken. Tryck 1 för att prata med oss, tryck 2 för våra öppettider.",
);
const HOURS = sv("Vi har öppet måndag till fredag 9 till 18 och lördag 10 till 14.");
const CLOSED = sv("Butiken är stängd just nu. Lämna gärna ett meddelande efter tonen.");
const MENU: Action = { type: "gather", prompt: WELCOME, maxDigits: 1, timeoutSec: 5 };
const SHOP: Action = {
  type: "connect",
  to: ["+46701234567"],
  strategy: "simultaneous",
  timeoutSec: 25,
};
const VOICEMAIL: Action = { type: "voicemail", mailbox: "florist", maxSec: 120 };

/** Stockholm local time, cached per minute as the engine's host does (Intl is the slow part). */
class StockholmClock {
  readonly #format = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Stockholm",
    hourCycle: "h23",
    weekday: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  #minute = Number.NaN;
  #local = { weekday: "", minuteOfDay: 0, date: 0 };

  at(time: Date): { weekday: string; minuteOfDay: number; date: number } {
    const minute = Math.floor(time.getTime() / 60_000);
    if (minute !== this.#minute) {
      const parts: Record<string, string> = {};
      for (const part of this.#format.formatToParts(time)) parts[part.type] = part.value;
      this.#local = {
        weekday: parts.weekday ?? "",
        minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
        date: Number(parts.year) * 10000 + Number(parts.month) * 100 + Number(parts.day),
      };
      this.#minute = minute;
    }
    return this.#local;
  }
}

/** The floor: the florist's rules written by hand. */
export function handWritten(): (step: FloristStep) => FloristAnswer {
  const clock = new StockholmClock();
  const isOpen = (at: Date) => {
    const { weekday, minuteOfDay, date } = clock.at(at);
    if (date === 20261225) return false;
    if (weekday === "Sat") return minuteOfDay >= 600 && minuteOfDay < 840;
    if (weekday === "Sun") return false;
    return minuteOfDay >= 540 && minuteOfDay < 1080;
  };
  return function florist(step) {
    if (step.event.type === "start") {
      return isOpen(step.at)
        ? { actions: [MENU], node: "main_menu" }
        : { actions: [{ type: "play", prompt: CLOSED }, VOICEMAIL], node: "voicemail" };
    }
    if (step.node === "main_menu") {
      if (step.event.digits === "1") return { actions: [SHOP], node: "shop" };
      if (step.event.digits === "2") {
        return { actions: [{ type: "play", prompt: HOURS }, { type: "hangup" }], node: null };
      }
      return step.retry < 2
        ? { actions: [MENU], node: "main_menu" }
        : { actions: [VOICEMAIL], node: "voicemail" };
    }
    return { actions: [{ type: "hangup" }], node: null };
  };
}

/** The same rules for json-rules-engine; facts are the step plus its local time. */
export function rulesEngine(): (step: FloristStep) => Promise<FloristAnswer> {
  const clock = new StockholmClock();
  const engine = new Engine([], { allowUndefinedFacts: true });
  const open: TopLevelCondition = {
    all: [
      { fact: "date", operator: "notEqual", value: 20261225 },
      {
        any: [
          {
            all: [
              { fact: "weekday", operator: "in", value: ["Mon", "Tue", "Wed", "Thu", "Fri"] },
              { fact: "minuteOfDay", operator: "greaterThanInclusive", value: 540 },
              { fact: "minuteOfDay", operator: "lessThan", value: 1080 },
            ],
          },
          {
            all: [
              { fact: "weekday", operator: "equal", value: "Sat" },
              { fact: "minuteOfDay", operator: "greaterThanInclusive", value: 600 },
              { fact: "minuteOfDay", operator: "lessThan", value: 840 },
            ],
          },
        ],
      },
    ],
  };
  const answer = (actions: Action[], node: string | null): Event => ({
    type: "answer",
    params: { actions, node },
  });
  const atMenu = [
    { fact: "event", operator: "equal", value: "digits" },
    { fact: "node", operator: "equal", value: "main_menu" },
  ];
  const rule = (conditions: TopLevelCondition, event: Event) =>
    engine.addRule({ conditions, event });
  rule(
    { all: [{ fact: "event", operator: "equal", value: "start" }, open] },
    answer([MENU], "main_menu"),
  );
  rule(
    { all: [{ fact: "event", operator: "equal", value: "start" }, { not: open }] },
    answer([{ type: "play", prompt: CLOSED }, VOICEMAIL], "voicemail"),
  );
  rule(
    { all: [...atMenu, { fact: "digits", operator: "equal", value: "1" }] },
    answer([SHOP], "shop"),
  );
  rule(
    { all: [...atMenu, { fact: "digits", operator: "equal", value: "2" }] },
    answer([{ type: "play", prompt: HOURS }, { type: "hangup" }], null),
  );
  rule(
    {
      all: [
        ...atMenu,
        { fact: "digits", operator: "notIn", value: ["1", "2"] },
        { fact: "retry", operator: "lessThan", value: 2 },
      ],
    },
    answer([MENU], "main_menu"),
  );
  return async function florist(step) {
    const local = clock.at(step.at);
    const { events } = await engine.run({
      event: step.event.type,
      digits: step.event.type === "digits" ? step.event.digits : undefined,
      node: step.node,
      retry: step.retry,
      ...local,
    });
    const params = events[0]?.params as FloristAnswer | undefined;
    return params ?? { actions: [VOICEMAIL], node: "voicemail" };
  };
}
