/**
 * Pass 3: semantic checks over a file that has the right shape — references, times, dates,
 * time zones, duplicates and limits; the call flow (reachability, loops) is in flow.ts. Every
 * problem is reported, not only the first.
 */
import { Code, type Diagnostic } from "./diagnostic.ts";
import { checkFlow, nodeLinks } from "./flow.ts";
import { MAX_SOURCE_BYTES, type Path, SourceFile } from "./parse.ts";
import type { PbxFile, Prompt } from "./schema.ts";
import { closest } from "./spelling.ts";
import { isTimeZone, parseDate, parseDays, parseInterval } from "./week.ts";

export const LIMITS = {
  nodes: 1000,
  options: 12,
  timezones: 8,
  bundleBytes: 1024 * 1024,
  sourceBytes: MAX_SOURCE_BYTES,
};

export function check(src: SourceFile, file: PbxFile): void {
  const { spec } = file;
  const s: Path = ["spec"];
  const reference = (kind: "node" | "schedule" | "queue" | "prompt", id: string, path: Path) => {
    const table = {
      node: spec.nodes,
      schedule: spec.schedules,
      queue: spec.queues,
      prompt: spec.prompts,
    }[kind];
    if (Object.hasOwn(table, id)) return;
    const code = {
      node: Code.unknownNode,
      schedule: Code.unknownSchedule,
      queue: Code.unknownQueue,
      prompt: Code.unknownPrompt,
    }[kind];
    const ids = Object.keys(table);
    const guess = closest(id, ids);
    src.report(code, "error", `unknown ${kind} "${id}"`, src.locate([...s, ...path]).value, {
      hint: guess
        ? `did you mean "${guess}"?`
        : ids.length > 0
          ? `defined ${kind}s: ${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", …" : ""}`
          : `define it under \`${kind === "node" ? "nodes" : `${kind}s`}:\``,
    });
  };
  const prompt = (p: Prompt | undefined, path: Path) => {
    if (typeof p === "string") reference("prompt", p, path);
  };

  checkTimezone(src, spec.timezone, [...s, "timezone"]);
  const zones = new Set([spec.timezone]);
  for (const [id, schedule] of Object.entries(spec.schedules)) {
    const at: Path = [...s, "schedules", id];
    if (schedule.timezone !== undefined) {
      checkTimezone(src, schedule.timezone, [...at, "timezone"]);
      zones.add(schedule.timezone);
    }
    for (const [day, texts] of Object.entries(schedule.weekly)) {
      if (parseDays(day) === null) {
        const where = src.locate([...at, "weekly", day]);
        src.report(
          Code.invalidDay,
          "error",
          `"${day}" is not a day or a day range`,
          where.key ?? where.value,
          {
            hint: "use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri",
          },
        );
      }
      texts.forEach((text, i) => {
        const iv = parseInterval(text);
        if (iv === "invalid") {
          src.report(
            Code.invalidTime,
            "error",
            `"${text}" is not a valid time range`,
            src.locate([...at, "weekly", day, i]).value,
            {
              hint: "hours 00–23, minutes 00–59; an end may be 24:00",
            },
          );
        } else if (iv === "empty") {
          src.report(
            Code.emptyInterval,
            "error",
            `"${text}" starts and ends at the same time`,
            src.locate([...at, "weekly", day, i]).value,
            {
              hint: "for a whole day write 00:00-24:00; an end before the start runs past midnight",
            },
          );
        }
      });
    }
    schedule.holidays.forEach((date, i) => {
      if (parseDate(date) === null) {
        src.report(
          Code.invalidDate,
          "error",
          `"${date}" is not a calendar date`,
          src.locate([...at, "holidays", i]).value,
          {
            hint: "write YYYY-MM-DD, e.g. 2026-12-25",
          },
        );
      }
    });
  }
  if (zones.size > LIMITS.timezones) {
    src.report(
      Code.tooManyTimezones,
      "error",
      `${zones.size} time zones; at most ${LIMITS.timezones} per Pbx`,
      src.locate([...s, "schedules"]).key ?? [0, 0],
      {
        hint: "use fewer distinct schedule time zones",
      },
    );
  }

  checkDistinct(src, spec.numbers, [...s, "numbers"], Code.duplicateNumber, "number");

  for (const [id, queue] of Object.entries(spec.queues)) {
    prompt(queue.holdPrompt, ["queues", id, "holdPrompt"]);
    if (queue.onTimeout !== undefined)
      reference("node", queue.onTimeout, ["queues", id, "onTimeout"]);
  }

  reference("node", spec.entry, ["entry"]);
  const ids = Object.keys(spec.nodes);
  if (ids.length > LIMITS.nodes) {
    src.report(
      Code.tooManyNodes,
      "error",
      `${ids.length} nodes; at most ${LIMITS.nodes} per Pbx`,
      src.locate([...s, "nodes"]).key ?? [0, 0],
      {
        hint: "split the Pbx, or share nodes between branches",
      },
    );
  }
  for (const [id, node] of Object.entries(spec.nodes)) {
    const at: Path = ["nodes", id];
    for (const link of nodeLinks(node)) reference("node", link.to, [...at, ...link.field]);
    if (node.type === "schedule") reference("schedule", node.schedule, [...at, "schedule"]);
    if (node.type === "queue") reference("queue", node.queue, [...at, "queue"]);
    if (node.type === "menu" || node.type === "play") prompt(node.prompt, [...at, "prompt"]);
    if (node.type === "voicemail") prompt(node.greeting, [...at, "greeting"]);
    if (node.type === "menu") menuOptions(src, node.options, [...s, ...at, "options"]);
  }
  checkFlow(src, spec);
}

/** Every repeat of an item already listed is an error at the repeat, pointing at the first. */
export function checkDistinct(
  src: SourceFile,
  items: readonly string[],
  path: Path,
  code: string,
  noun: string,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item);
    if (first === undefined) {
      seen.set(item, i);
      return;
    }
    const { line } = src.position(src.locate([...path, first]).value[0]);
    src.report(code, "error", `${noun} ${item} is listed twice`, src.locate([...path, i]).value, {
      hint: `remove it; it is already listed on line ${line}`,
    });
  });
}

export function checkTimezone(src: SourceFile, name: string, path: Path): void {
  if (isTimeZone(name)) return;
  src.report(Code.invalidTimezone, "error", `unknown time zone "${name}"`, src.locate(path).value, {
    hint: "use an IANA time zone name like Europe/Stockholm",
  });
}

function menuOptions(src: SourceFile, options: Record<string, string>, path: Path): void {
  const keys = Object.keys(options);
  if (keys.length > LIMITS.options) {
    const where = src.locate(path);
    src.report(
      Code.tooManyOptions,
      "error",
      `${keys.length} options; a menu has at most ${LIMITS.options}`,
      where.key ?? where.value,
      {
        hint: "move some options into a sub-menu",
      },
    );
  }
  for (const key of keys) {
    if (/^[0-9*#]{1,8}$/.test(key)) continue;
    const where = src.locate([...path, key]);
    src.report(
      Code.invalidOptionKey,
      "error",
      `option key "${key}" is not 1–8 of the keys 0-9, * and #`,
      where.key ?? where.value,
      {
        hint: 'quote keys with * or #, e.g. "*": node',
      },
    );
  }
}

/**
 * Duplicate numbers across files (the CLI `check` over many files): a number routes to one Pbx
 * only, so every repeat after the first file that lists it is an error. A file that did not
 * compile (`numbers` absent) still counts with the numbers it lists, so a run reports a clash
 * together with the file's other errors. Only files with a clash are read for positions.
 */
export function checkNumbersAcrossFiles(
  files: readonly { file: string; source: string; numbers?: readonly string[] }[],
): Diagnostic[] {
  const listed = files.map((f) => ({
    ...f,
    numbers: new Set(f.numbers ?? numbersListed(f.source)),
  }));
  const count = new Map<string, number>();
  for (const { numbers } of listed) for (const n of numbers) count.set(n, (count.get(n) ?? 0) + 1);
  const owner = new Map<string, { file: string; line: number; column: number }>();
  const out: Diagnostic[] = [];
  for (const { file, source, numbers } of listed) {
    const clashes = [...numbers].filter((n) => (count.get(n) ?? 0) > 1);
    if (clashes.length === 0) continue;
    const src = new SourceFile(source, file);
    const raw = (src.data as { spec?: { numbers?: unknown[] } } | null)?.spec?.numbers ?? [];
    const located = (n: string) => src.locate(["spec", "numbers", raw.indexOf(n)]).value;
    for (const number of clashes) {
      const first = owner.get(number);
      if (first === undefined) {
        owner.set(number, { file, ...src.position(located(number)[0]) });
        continue;
      }
      out.push(
        src.at(
          Code.duplicateNumberAcrossFiles,
          "error",
          `number ${number} is also routed by ${first.file}`,
          located(number),
          {
            hint: `a number reaches one Pbx only; remove it here or from ${first.file}:${first.line}:${first.column}`,
          },
        ),
      );
    }
  }
  return out;
}

/** The DIDs a Pbx file lists, read from its YAML whatever else is wrong with it. */
function numbersListed(source: string): string[] {
  const data = new SourceFile(source).data as { kind?: unknown; spec?: { numbers?: unknown } };
  const numbers = data?.kind === "Pbx" ? data.spec?.numbers : undefined;
  return Array.isArray(numbers)
    ? numbers.filter((n): n is string => typeof n === "string" && /^\+[1-9][0-9]{7,14}$/.test(n))
    : [];
}
