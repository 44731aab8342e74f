/**
 * The field names a schema allows at a data path, for "did you mean" hints on unknown fields.
 * Walks zod definitions through optional/default wrappers and unions (choosing the union option
 * that fits the value there, by its `type` literal when it has one).
 */
import type { z } from "zod";
import type { Path } from "./parse.ts";

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
export function fieldsAt(root: z.core.$ZodType, path: Path, data: unknown): string[] {
  let schema: z.core.$ZodType | undefined = root;
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

export function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
