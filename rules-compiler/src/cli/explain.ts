/**
 * `explain <file> --at <time> --from <number> [--to] [--digits 1,2] [--events busy,...]`: runs
 * one call on the real engine, event by event, and prints why it went where it went. Digits go
 * to menus in order; every other wait takes the next of --events.
 */
import type { Action, CallEvent } from "@switchboard/wasm";
import { Call, describeEvent, loadEngine } from "../call.ts";
import { localTime } from "../explain/local-time.ts";
import { trace } from "../explain/trace.ts";
import { Instant } from "../scenario/schema.ts";
import type { PbxNode } from "../schema.ts";
import { readPbx } from "./pbx.ts";
import { type Command, Exit, onePath, paint, requiredString, UsageError } from "./terminal.ts";

const DIAL = ["answered", "busy", "no_answer", "failed", "unreachable"] as const;
const PLAIN = [
  "no_input",
  "queue_poll",
  "prompt_done",
  "recording_done",
  "hangup",
  "queue_timeout",
] as const;

export const explainCommand: Command = {
  name: "explain",
  summary: "show the path one call takes, and why",
  help: `usage: switchboard-rules explain <file> --at <time> --from <number> [options]

Runs one call through the compiled rules on the engine and prints, for every event, each node
the call passes and why (schedule open or closed, which match case, which digit), then the
actions the engine answered. Stops where the call waits for an event you did not give.

options:
  --at <time>        when the call happens, ISO with offset: 2026-11-25T10:00:00+01:00
  --from <number>    the caller: E.164, a short code, or anonymous
  --to <number>      the number called (default: the Pbx's first number)
  --digits <list>    digits for the menus, in order: --digits 1,2
  --events <list>    other events, in order: answered, busy, no_answer, failed, unreachable,
                     ${PLAIN.join(", ")}, or digits:<keys>`,
  options: {
    at: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    digits: { type: "string" },
    events: { type: "string" },
  },
  async run(args, term) {
    const file = onePath(args);
    const atText = requiredString(args, "at");
    if (!Instant.safeParse(atText).success)
      throw new UsageError(
        `--at "${atText}": give an ISO time with offset, like 2026-11-25T10:00:00+01:00`,
      );
    const from = requiredString(args, "from");
    if (!/^(anonymous|\+[1-9][0-9]{7,14}|[0-9]{2,6})$/.test(from))
      throw new UsageError(`--from "${from}": give an E.164 number, a short code or anonymous`);
    const digits = list(args.values.digits).map((d): CallEvent => {
      if (!/^[0-9*#]{1,32}$/.test(d))
        throw new UsageError(
          `--digits "${d}": keys are 0-9, * and #, e.g. --digits 1,2 or --digits "*"`,
        );
      return { type: "digits", digits: d };
    });
    const events = list(args.values.events).map(parseEvent);
    const pbx = readPbx(file, term);
    if (!pbx) return Exit.failed;
    const { spec } = pbx.rule;
    const to = (args.values.to as string | undefined) ?? (spec.numbers[0] as string);
    const at = new Date(atText);
    const call = new Call(await loadEngine(pbx.bundle), { from, to, at });
    const p = paint(term);
    const local = localTime(at, spec.timezone);
    const [weekday, clock] = local.label.split(" ");
    term.out(
      p.bold(
        `${file}: a call from ${from} to ${to}, ${weekday} ${local.date} ${clock} ${spec.timezone}`,
      ),
    );

    let event: CallEvent | undefined = { type: "start" };
    let disagreements = 0;
    while (event) {
      const state = { node: call.waitingAt, retry: call.retry };
      const why = trace(spec, { from, to, at }, state, event);
      const step = call.step(event);
      term.out(`\n${p.cyan(describeEvent(event))}`);
      const width = Math.max(...why.lines.map((l) => l.node.length));
      for (const line of why.lines) term.out(`  ${line.node.padEnd(width)}  ${line.why}`);
      for (const action of step.actions) term.out(p.dim(`  ⇒ ${showAction(action)}`));
      if (why.waitsAt !== call.waitingAt || why.answeredBy !== step.answeredBy) {
        disagreements++;
        term.out(
          p.red(
            `  ! the engine answered from ${step.answeredBy || "(none)"} and ${call.waitingAt ? `waits at ${call.waitingAt}` : "ended the call"}; this explanation expected ${why.waitsAt ? `a wait at ${why.waitsAt}` : "the end"}. The engine decides; please report the difference.`,
          ),
        );
      }
      const waiting = call.waitingAt;
      if (waiting === null) break;
      const node = spec.nodes[waiting] as PbxNode;
      event = node.type === "menu" && digits.length > 0 ? digits.shift() : events.shift();
      if (!event) term.out(`\n${p.yellow(`The call waits at ${waiting}: ${nextHint(node)}`)}`);
    }
    if (call.waitingAt === null) term.out(`\n${p.green("The call has ended.")}`);
    const unused = [...digits, ...events].map(describeEvent);
    if (unused.length > 0) term.out(p.yellow(`Not used: ${unused.join(", ")}`));
    return disagreements > 0 ? Exit.failed : Exit.ok;
  },
};

function list(value: unknown): string[] {
  return typeof value === "string"
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function parseEvent(text: string): CallEvent {
  if (text.startsWith("digits:") && /^[0-9*#]{1,32}$/.test(text.slice(7)))
    return { type: "digits", digits: text.slice(7) };
  const dial = DIAL.find((s) => s === text || `dial_result:${s}` === text);
  if (dial) return { type: "dial_result", status: dial };
  const plain = PLAIN.find((s) => s === text);
  if (plain) return { type: plain };
  throw new UsageError(
    `unknown event "${text}"; use ${[...DIAL, ...PLAIN].join(", ")} or digits:<keys>`,
  );
}

function nextHint(node: PbxNode): string {
  switch (node.type) {
    case "menu":
      return "add --digits (or --events no_input) to go on";
    case "connect":
      return "add --events answered|busy|no_answer|failed to go on";
    case "queue":
      return "add --events queue_timeout (or queue_poll) to go on";
    case "voicemail":
      return "add --events recording_done to go on";
    default:
      return "add --events to go on";
  }
}

/** An action as one line: its type, then its JSON fields. */
function showAction(action: Action): string {
  const { type, ...fields } = action;
  return Object.keys(fields).length > 0 ? `${type} ${JSON.stringify(fields)}` : type;
}
