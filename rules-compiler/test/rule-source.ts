/** Rule files of the non-Pbx kinds from a spec object, for tests that vary one field. */
import { readFileSync } from "node:fs";
import { stringify } from "yaml";

export const ruleFile = (folder: string, name: string): string =>
  readFileSync(new URL(`../../rules/${folder}/${name}`, import.meta.url), "utf8");

export function kindSource(
  kind: "MobilePlan" | "Country" | "Ranking",
  spec: Record<string, unknown>,
  metadata: Record<string, string> = kind === "Country"
    ? { name: "SE" }
    : { name: "plan", tenant: "telco" },
): string {
  return stringify({ apiVersion: "switchboard/v1", kind, metadata, spec });
}
