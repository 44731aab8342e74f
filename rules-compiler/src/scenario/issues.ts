/**
 * zod issues of a scenario file → diagnostics at the YAML node they are about, each with a
 * hint: the closest field or value name, or an example of the expected form.
 */
import type { z } from "zod";
import type { Path, SourceFile } from "../parse.ts";
import { closest } from "../spelling.ts";
import { pathText } from "../validate.ts";
import { ScenarioCode } from "./schema.ts";

type Issue = z.core.$ZodIssue;

const EXAMPLES: Record<string, string> = {
  at: "at: 2026-11-25T10:00:00+01:00 (a time and its UTC offset)",
  from: 'from: "+46701234567", or from: anonymous',
  to: 'to: "+46812345678"',
  digits: 'digits: "1" or digits: "42#"',
};

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
  discriminator?: string;
}
const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as Def;

export function reportIssues(src: SourceFile, root: z.core.$ZodType, issues: Issue[]): void {
  const wrongType = new Set<string>();
  for (const issue of issues) {
    const at = issue.path.join("\u0000");
    if (wrongType.has(at)) continue;
    if (issue.code === "invalid_type") wrongType.add(at);
    report(src, root, issue, []);
  }
}

function report(src: SourceFile, root: z.core.$ZodType, issue: Issue, base: Path): void {
  const path = [...base, ...(issue.path as (string | number)[])];
  const where = src.locate(path);
  const keyOrValue = (p: Path) => {
    const w = src.locate(p);
    return w.key ?? w.value;
  };
  const name = pathText(path);
  const value = valueAt(src.data, path);
  const invalid = (message: string, hint?: string) =>
    src.report(ScenarioCode.invalidValue, "error", `${name}: ${message}`, where.value, { hint });
  switch (issue.code) {
    case "unrecognized_keys": {
      const fields = Object.keys(objectAt(root, src.data, path)?.shape ?? {});
      for (const key of issue.keys) {
        const guess = closest(key, fields);
        src.report(
          ScenarioCode.unknownField,
          "error",
          `${name}: unknown field "${key}"`,
          keyOrValue([...path, key]),
          { hint: guess ? `did you mean "${guess}"?` : `allowed fields: ${fields.join(", ")}` },
        );
      }
      return;
    }
    case "invalid_union": {
      const options = ("options" in issue ? (issue.options ?? []) : []).map(String);
      if (issue.errors.length === 0 && options.length > 0) {
        const field = String(path.at(-1));
        if (value === undefined) {
          src.report(
            ScenarioCode.missingField,
            "error",
            `${pathText(path.slice(0, -1))}: missing "${field}"`,
            keyOrValue(path.slice(0, -1)),
            { hint: `add \`${field}:\` — one of ${options.join(", ")}` },
          );
          return;
        }
        const guess = typeof value === "string" ? closest(value, options) : undefined;
        invalid(
          `unknown ${field} ${JSON.stringify(value)}`,
          `${guess ? `did you mean "${guess}"? ` : ""}one of ${options.join(", ")}`,
        );
        return;
      }
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      for (const inner of best) report(src, root, inner, path);
      return;
    }
    case "invalid_type":
      if (value === undefined) {
        const field = String(path.at(-1));
        src.report(
          ScenarioCode.missingField,
          "error",
          `${pathText(path.slice(0, -1))}: missing required field "${field}"`,
          keyOrValue(path.slice(0, -1)),
          { hint: `add \`${field}:\`` },
        );
        return;
      }
      invalid(
        `expected ${issue.expected}, got ${typeName(value)}`,
        issue.expected === "string" && typeof value === "number"
          ? `quote it, e.g. ${String(path.at(-1))}: "${String(value)}"`
          : issue.expected === "array"
            ? "write a YAML list: `[a, b]` or one `- item` per line"
            : undefined,
      );
      return;
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const guess = typeof value === "string" ? closest(value, allowed) : undefined;
      invalid(
        `${JSON.stringify(value)} is not allowed`,
        guess ? `did you mean "${guess}"?` : `one of ${allowed.join(", ")}`,
      );
      return;
    }
    case "too_small":
    case "too_big": {
      const bound =
        issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === "array" ? " item(s)" : "";
      invalid(
        `must be ${bound}${unit}`,
        issue.origin === "array" ? "add an item" : "change the number",
      );
      return;
    }
    default: {
      const example = EXAMPLES[String(path.at(-1))];
      invalid(
        `${issue.message}, got ${JSON.stringify(value)}`,
        example ? `for example ${example}` : "write the value in the form the message gives",
      );
    }
  }
}

/** The object schema that describes the value at `path` (union options chosen by the data). */
function objectAt(root: z.core.$ZodType, data: unknown, path: Path): Def | undefined {
  let schema: z.core.$ZodType | undefined = root;
  for (let i = 0; schema; i++) {
    let def = defOf(schema);
    const here = valueAt(data, path.slice(0, i));
    while (def.innerType || def.in || def.options) {
      const inner: z.core.$ZodType | undefined =
        def.innerType ?? def.in ?? def.options?.find((o) => fits(o, here, def.discriminator));
      if (!inner) return undefined;
      def = defOf(inner);
    }
    if (i === path.length) return def.type === "object" ? def : undefined;
    const segment = path[i] as string | number;
    schema = def.shape ? def.shape[segment] : def.element;
  }
  return undefined;
}

/** The option of a discriminated union whose discriminator allows the value's. */
function fits(option: z.core.$ZodType, value: unknown, discriminator: string | undefined): boolean {
  const def = defOf(option);
  if (def.type !== "object") return false;
  const field = discriminator === undefined ? undefined : def.shape?.[discriminator];
  if (!field || discriminator === undefined) return true;
  const d = defOf(field);
  const allowed = d.values ?? Object.values(d.entries ?? {});
  return allowed.includes((value as Record<string, unknown> | null)?.[discriminator]);
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function typeName(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value)}`;
}
