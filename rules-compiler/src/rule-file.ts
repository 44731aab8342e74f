/**
 * Every kind of rule file, by `kind`: the schema validate.ts runs and the JSON Schema editors
 * use (generated from the same zod schemas, so they cannot disagree).
 */
import { z } from "zod";
import { type CountryFile, CountryFileSchema } from "./kinds/country/schema.ts";
import { type MobilePlanFile, MobilePlanFileSchema } from "./kinds/mobile-plan/schema.ts";
import { type RankingFile, RankingFileSchema } from "./kinds/ranking/schema.ts";
import { type Kind, type PbxFile, PbxFileSchema } from "./schema.ts";

export type RuleFile = PbxFile | MobilePlanFile | CountryFile | RankingFile;

export const FILE_SCHEMAS: Record<Kind, z.ZodType<RuleFile>> = {
  Pbx: PbxFileSchema,
  MobilePlan: MobilePlanFileSchema,
  Country: CountryFileSchema,
  Ranking: RankingFileSchema,
};

export const RuleFileSchema = z.discriminatedUnion("kind", [
  PbxFileSchema,
  MobilePlanFileSchema,
  CountryFileSchema,
  RankingFileSchema,
]);

/**
 * The JSON Schema of a rule file, any kind. It describes what an author writes (`io: "input"`),
 * so fields with defaults are optional; checks that compare values (references, times,
 * duplicates) are the compiler's, not the editor's. Draft 7: the draft editors' YAML and JSON
 * language servers support best.
 */
export function ruleFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RuleFileSchema, {
    io: "input",
    target: "draft-7",
    unrepresentable: "any",
  });
  return {
    $schema: schema.$schema,
    title: "Switchboard rule file",
    description: "apiVersion switchboard/v1; kind Pbx, MobilePlan, Country or Ranking",
    ...schema,
  };
}
