/**
 * Diagnostics: what went wrong, where (1-based line/column; the end is exclusive) and how to fix
 * it. Codes are stable: tools and tests match on them, so a code is never reused for a new
 * meaning.
 */
export interface Diagnostic {
  code: string;
  severity: "error" | "warning";
  message: string;
  file?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  hint?: string;
}

export type CompileResult =
  | {
      ok: true;
      kind: "Pbx" | "MobilePlan" | "Country" | "Ranking";
      name: string;
      tenant: string | null;
      numbers: string[];
      bundle: Uint8Array;
      /** sha256 hex of bundle */
      hash: string;
      /** warnings only */
      diagnostics: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** A source range as byte offsets; turned into line/column only when a diagnostic is made. */
export type Span = readonly [start: number, end: number];

export const Code = {
  yamlSyntax: "SB1001",
  yamlWarning: "SB1002",
  emptyDocument: "SB1003",
  notUtf8: "SB1004",
  unsupportedKind: "SB2001",
  unknownField: "SB2003",
  missingField: "SB2004",
  invalidValue: "SB2005",
  invalidFormat: "SB2006",
  unknownNodeType: "SB2007",
  unknownNode: "SB3001",
  unknownSchedule: "SB3002",
  unknownQueue: "SB3003",
  unknownPrompt: "SB3004",
  unreachableNode: "SB3010",
  unusedDefinition: "SB3011",
  loopWithoutInput: "SB3012",
  tooManyActions: "SB3013",
  deadEnd: "SB3014",
  invalidTime: "SB3020",
  emptyInterval: "SB3021",
  invalidDate: "SB3022",
  invalidTimezone: "SB3023",
  invalidDay: "SB3024",
  duplicateNumber: "SB3030",
  duplicateNumberAcrossFiles: "SB3031",
  duplicateEntry: "SB3032",
  tooManyNodes: "SB3040",
  tooManyOptions: "SB3041",
  invalidOptionKey: "SB3042",
  tooManyTimezones: "SB3043",
  bundleTooLarge: "SB3044",
  sourceTooLarge: "SB3045",
  voicemailNotSet: "SB3050",
  fallbackMustEnd: "SB3051",
  noWeights: "SB3052",
  slotsNotIncreasing: "SB3053",
  tooPrecise: "SB3054",
  foreignPrefix: "SB3055",
  internal: "SB9001",
} as const;

/** Counts errors and warnings, e.g. for CLI totals. */
export function tally(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === "error") errors++;
  return { errors, warnings: diagnostics.length - errors };
}
