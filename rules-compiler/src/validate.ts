/**
 * Pass 2 (validate): runs the zod schemas over the parsed data and turns every zod issue into a
 * diagnostic at the YAML node it is about, with a hint (the closest field name, the allowed
 * values). A file of a kind this version does not compile gets one clear error instead.
 */
import type { z } from "zod";
import { Code } from "./diagnostic.ts";
import { fieldsAt, valueAt } from "./fields.ts";
import type { Path, SourceFile } from "./parse.ts";
import { FILE_SCHEMAS, type RuleFile } from "./rule-file.ts";
import { KINDS, type Kind } from "./schema.ts";
import { closest } from "./spelling.ts";

type Issue = z.core.$ZodIssue;

export function validate(src: SourceFile): RuleFile | null {
  const data = src.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    src.report(Code.invalidValue, "error", "a rule file is a map", src.locate([]).value, {
      hint: "start with `apiVersion: switchboard/v1`, `kind: Pbx`, `metadata:` and `spec:`",
    });
    return null;
  }
  const kind = (data as Record<string, unknown>).kind;
  if (!(KINDS as readonly unknown[]).includes(kind)) {
    reportKind(src, kind);
    return null;
  }
  const schema = FILE_SCHEMAS[kind as Kind];
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // A value of the wrong type also fails that type's checks (e.g. a length); say it once.
  const wrongType = new Set<string>();
  for (const issue of result.error.issues) {
    const at = issue.path.join("\u0000");
    if (wrongType.has(at)) continue;
    if (issue.code === "invalid_type") wrongType.add(at);
    reportIssue(src, schema, issue, []);
  }
  return null;
}

/** The kind decides every other field, so a missing or unknown kind is the only error told. */
function reportKind(src: SourceFile, kind: unknown): void {
  const hint = `kinds are ${KINDS.join(", ")}`;
  const data = src.data as Record<string, unknown>;
  if (kind === undefined && "scenarios" in data) {
    src.report(
      Code.missingField,
      "error",
      "this is a scenario file (it has `scenarios:`), not a rule file",
      src.locate(["scenarios"]).key ?? [0, 0],
      {
        hint: "run it with `switchboard-rules test`; name it <rule file>.scenarios.yaml and `check` skips it",
      },
    );
    return;
  }
  if (kind === undefined) {
    src.report(
      Code.missingField,
      "error",
      'file: missing required field "kind"',
      src.locate([]).value,
      {
        hint: `add \`kind:\`; ${hint}`,
      },
    );
    return;
  }
  const guess = typeof kind === "string" ? closest(kind, KINDS) : undefined;
  src.report(
    Code.unsupportedKind,
    "error",
    `unknown kind ${JSON.stringify(kind)}`,
    src.locate(["kind"]).value,
    { hint: guess ? `did you mean "${guess}"? ${hint}` : hint },
  );
}

function reportIssue(src: SourceFile, root: z.core.$ZodType, issue: Issue, base: Path): void {
  const path = [...base, ...(issue.path as (string | number)[])];
  const where = src.locate(path);
  const name = pathText(path);
  const value = valueAt(src.data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const fields = fieldsAt(root, path, src.data);
        const guess = closest(key, fields);
        src.report(
          Code.unknownField,
          "error",
          `${name}: unknown field "${key}"`,
          keySpan(src, [...path, key]),
          {
            hint: guess ? `did you mean "${guess}"?` : `allowed fields: ${fields.join(", ")}`,
          },
        );
      }
      return;
    case "invalid_union":
      if (issue.discriminator !== undefined && issue.errors.length === 0) {
        const type = valueAt(src.data, path);
        const options = ("options" in issue ? (issue.options ?? []) : []).map(String);
        const guess = typeof type === "string" ? closest(type, options) : undefined;
        const noun = path[1] === "nodes" ? "node type" : "action type";
        src.report(
          type === undefined ? Code.missingField : Code.unknownNodeType,
          "error",
          type === undefined
            ? `${pathText(path.slice(0, -1))}: missing "type"`
            : `${name}: unknown ${noun} ${JSON.stringify(type)}`,
          type === undefined ? keySpan(src, path.slice(0, -1)) : where.value,
          { hint: `${guess ? `did you mean "${guess}"? ` : ""}types: ${options.join(", ")}` },
        );
        return;
      }
      reportUnion(src, root, issue.errors, path);
      return;
    case "invalid_type":
      if (value === undefined) {
        src.report(
          Code.missingField,
          "error",
          `${pathText(path.slice(0, -1))}: missing required field "${String(path.at(-1))}"`,
          keySpan(src, path.slice(0, -1)),
          {
            hint: `add \`${String(path.at(-1))}:\``,
          },
        );
        return;
      }
      src.report(
        Code.invalidValue,
        "error",
        `${name}: expected ${issue.expected}, got ${typeName(value)}`,
        where.value,
        {
          hint:
            issue.expected === "array"
              ? "write a YAML list: `[a, b]` or one `- item` per line"
              : issue.expected === "string" && typeof value === "number"
                ? `write it in quotes: "${value}"`
                : issue.expected === "boolean"
                  ? "write true or false"
                  : undefined,
        },
      );
      return;
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const guess =
        typeof value === "string" ? closest(value, issue.values.map(String)) : undefined;
      src.report(
        Code.invalidValue,
        "error",
        `${name}: ${JSON.stringify(value)} is not allowed`,
        where.value,
        {
          hint: guess ? `did you mean "${guess}"?` : `expected ${allowed.join(" or ")}`,
        },
      );
      return;
    }
    case "invalid_format":
      src.report(
        Code.invalidFormat,
        "error",
        `${name}: ${issue.message}, got ${JSON.stringify(value)}`,
        where.value,
      );
      return;
    case "invalid_key":
      for (const inner of issue.issues) {
        const message = inner.code === "invalid_format" ? inner.message : "invalid key";
        src.report(Code.invalidFormat, "error", `${name}: ${message}`, keySpan(src, path));
      }
      return;
    case "too_small":
    case "too_big": {
      const bound =
        issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit =
        issue.origin === "array" ? " item(s)" : issue.origin === "string" ? " character(s)" : "";
      src.report(Code.invalidValue, "error", `${name}: must be ${bound}${unit}`, where.value);
      return;
    }
    default: {
      const code =
        (issue.code === "custom" && (issue.params?.code as string | undefined)) ||
        Code.invalidValue;
      src.report(code, "error", `${name}: ${issue.message}`, where.value);
    }
  }
}

/** zod tries every branch of a union; report the branch that fits the value's type best. */
function reportUnion(
  src: SourceFile,
  root: z.core.$ZodType,
  branches: Issue[][],
  path: Path,
): void {
  const fitting = branches.filter(
    (b) => !(b.length === 1 && b[0]?.code === "invalid_type" && b[0].path.length === 0),
  );
  const best = fitting.sort((a, b) => a.length - b.length)[0];
  if (best) {
    for (const issue of best) reportIssue(src, root, issue, path);
    return;
  }
  const expected = branches.map((b) => (b[0]?.code === "invalid_type" ? b[0].expected : "?"));
  src.report(
    Code.invalidValue,
    "error",
    `${pathText(path)}: expected ${expected.join(" or ")}, got ${typeName(valueAt(src.data, path))}`,
    src.locate(path).value,
    {
      hint: "a prompt is a prompt id, or `{audio: https://…}`, or `{tts: text}`",
    },
  );
}

function keySpan(src: SourceFile, path: Path) {
  const where = src.locate(path);
  return where.key ?? where.value;
}

export function pathText(path: Path): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || "file";
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value)}`;
}
