/**
 * Pass 2 (validate): runs the zod schemas over the parsed data and turns every zod issue into a
 * diagnostic at the YAML node it is about, with a hint (the closest field name, the allowed
 * values). A file of a kind this version does not compile gets one clear error instead.
 */
import type { z } from "zod";
import { Code } from "./diagnostic.ts";
import type { Path, SourceFile } from "./parse.ts";
import { COMPILED_KINDS, KINDS, type PbxFile, PbxFileSchema } from "./schema.ts";
import { closest } from "./spelling.ts";

type Issue = z.core.$ZodIssue;

export function validate(src: SourceFile): PbxFile | null {
  const data = src.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    src.report(Code.invalidValue, "error", "a rule file is a map", src.locate([]).value, {
      hint: "start with `apiVersion: switchboard/v1`, `kind: Pbx`, `metadata:` and `spec:`",
    });
    return null;
  }
  const kind = (data as Record<string, unknown>).kind;
  if (typeof kind === "string" && !(COMPILED_KINDS as readonly string[]).includes(kind)) {
    const known = (KINDS as readonly string[]).includes(kind);
    src.report(
      Code.unsupportedKind,
      "error",
      known
        ? `kind "${kind}" is not compiled by this version`
        : `unknown kind "${kind}"; kinds are ${KINDS.join(", ")}`,
      src.locate(["kind"]).value,
      { hint: `this version compiles kind: ${COMPILED_KINDS.join(", ")}` },
    );
    return null;
  }
  const result = PbxFileSchema.safeParse(data);
  if (result.success) return result.data;
  // A value of the wrong type also fails that type's checks (e.g. a length); say it once.
  const wrongType = new Set<string>();
  for (const issue of result.error.issues) {
    const at = issue.path.join("\u0000");
    if (wrongType.has(at)) continue;
    if (issue.code === "invalid_type") wrongType.add(at);
    reportIssue(src, issue, []);
  }
  return null;
}

function reportIssue(src: SourceFile, issue: Issue, base: Path): void {
  const path = [...base, ...(issue.path as (string | number)[])];
  const where = src.locate(path);
  const name = pathText(path);
  const value = valueAt(src.data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const fields = fieldsAt(path, src.data);
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
        src.report(
          type === undefined ? Code.missingField : Code.unknownNodeType,
          "error",
          type === undefined
            ? `${pathText(path.slice(0, -1))}: missing "type"`
            : `${name}: unknown node type ${JSON.stringify(type)}`,
          type === undefined ? keySpan(src, path.slice(0, -1)) : where.value,
          { hint: `${guess ? `did you mean "${guess}"? ` : ""}types: ${options.join(", ")}` },
        );
        return;
      }
      reportUnion(src, issue.errors, path);
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
function reportUnion(src: SourceFile, branches: Issue[][], path: Path): void {
  const fitting = branches.filter(
    (b) => !(b.length === 1 && b[0]?.code === "invalid_type" && b[0].path.length === 0),
  );
  const best = fitting.sort((a, b) => a.length - b.length)[0];
  if (best) {
    for (const issue of best) reportIssue(src, issue, path);
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

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** The parts of a zod definition this file walks through. */
interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  shape?: Record<string, z.core.$ZodType>;
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  values?: unknown[];
}
const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as Def;

/** The field names the schema allows at a path (for "did you mean"). */
function fieldsAt(path: Path, data: unknown): string[] {
  let schema: z.core.$ZodType | undefined = PbxFileSchema;
  for (let i = 0; schema; i++) {
    let def = defOf(schema);
    while (def.innerType || def.options) {
      const here = valueAt(data, path.slice(0, i));
      const inner: z.core.$ZodType | undefined =
        def.innerType ?? def.options?.find((o) => fitsType(o, here));
      if (!inner) return [];
      def = defOf(inner);
    }
    if (i === path.length) return Object.keys(def.shape ?? {});
    const segment = path[i] as string | number;
    schema = def.shape ? def.shape[segment] : (def.valueType ?? def.element);
  }
  return [];
}

/** Which union option describes a value: an object option, and by its `type` literal if any. */
function fitsType(option: z.core.$ZodType, value: unknown): boolean {
  const def = defOf(option);
  if (def.type !== "object") return false;
  const literal = def.shape?.type;
  return !literal || (defOf(literal).values ?? []).includes((value as { type?: unknown })?.type);
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
