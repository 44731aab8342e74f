/**
 * Golden fixtures: good/*.yaml and the rule files in rules/ must compile to exactly the
 * committed bytes (hash and size), and
 * bad/*.yaml must print exactly the committed diagnostics. `UPDATE_GOLDEN=1` rewrites the goldens
 * after a deliberate change; review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, formatDiagnostic } from "../src/index.ts";

const update = process.env.UPDATE_GOLDEN === "1";
const dir = (kind: string) => new URL(`./fixtures/${kind}/`, import.meta.url);
/** Every rule file in rules/ (examples of each kind) is a good fixture too. */
const ruleFolders = ["examples", "countries", "mobile", "ranking"].map(
  (folder) => new URL(`../../rules/${folder}/`, import.meta.url),
);
const yamlIn = (folder: URL) =>
  readdirSync(folder)
    .filter((f) => f.endsWith(".yaml") && !f.endsWith(".scenarios.yaml"))
    .sort();
const good = [dir("good"), ...ruleFolders].flatMap((folder) =>
  yamlIn(folder).map((f) => new URL(f, folder)),
);

function golden(path: URL, actual: string): void {
  if (update) writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`no golden ${path.pathname}; run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("good fixtures compile to their golden bundle", () => {
  it.each(good.map((url) => [url.pathname.split("/").pop() as string, url] as const))(
    "%s",
    (name, url) => {
      const source = readFileSync(url, "utf8");
      const result = compile(source, { file: name });
      expect(result.diagnostics.map((d) => formatDiagnostic(d, source))).toEqual([]);
      if (!result.ok) return;
      const summary = {
        hash: result.hash,
        size: result.bundle.length,
        kind: result.kind,
        name: result.name,
        numbers: result.numbers,
      };
      golden(
        new URL(name.replace(/\.yaml$/, ".golden.json"), dir("good")),
        `${JSON.stringify(summary, null, 2)}\n`,
      );
    },
  );
});

describe("bad fixtures print their golden diagnostics", () => {
  it.each(yamlIn(dir("bad")))("%s", (name) => {
    const source = readFileSync(new URL(name, dir("bad")), "utf8");
    const result = compile(source, { file: name });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const text = `${result.diagnostics.map((d) => formatDiagnostic(d, source)).join("\n\n")}\n`;
    golden(new URL(name.replace(/\.yaml$/, ".golden.txt"), dir("bad")), text);
  });
});
