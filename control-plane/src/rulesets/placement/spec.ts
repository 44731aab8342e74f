import { parse } from "yaml";

/**
 * Fields of an already compiled rule file that decide where its bundle is published. The file
 * compiled, so the fields exist and are valid; this only reads them.
 */
export function readSpec(source: string): {
  name: string;
  spec: Record<string, unknown>;
} {
  const file = parse(source) as { metadata: { name: string }; spec: Record<string, unknown> };
  return { name: String(file.metadata.name), spec: file.spec };
}
