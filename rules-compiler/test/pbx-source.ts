import { stringify } from "yaml";

/** A valid Pbx rule file as YAML, with `spec` fields overridden by the test. */
export function pbxSource(
  spec: Record<string, unknown> = {},
  metadata = { name: "t", tenant: "acme" },
): string {
  return stringify({
    apiVersion: "switchboard/v1",
    kind: "Pbx",
    metadata,
    spec: {
      country: "SE",
      timezone: "Europe/Stockholm",
      language: "en-GB",
      numbers: ["+46812345678"],
      entry: "bye",
      nodes: { bye: { type: "hangup" } },
      ...spec,
    },
  });
}
