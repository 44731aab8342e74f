/**
 * `graph`: goldens of the florist in each format (UPDATE_GOLDEN=1 rewrites them after a
 * deliberate change; look at the svg before committing), and the layout's promises.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePbx } from "../../src/compiled-pbx.ts";
import { flowGraph } from "../../src/graph/flow.ts";
import { layout } from "../../src/graph/layout.ts";
import { drawing, svg } from "../../src/graph/svg.ts";
import { pbxSource } from "../pbx-source.ts";
import { cli, repo } from "./run-cli.ts";

const florist = repo("rules/examples/florist.yaml");

describe("switchboard-rules graph", () => {
  it.each([
    ["mermaid", "mmd"],
    ["dot", "dot"],
    ["svg", "svg"],
  ])("draws the florist as %s, exactly as the golden", async (format, ext) => {
    const run = await cli(["graph", florist, "--format", format]);
    expect(run.code).toBe(0);
    const golden = new URL(`./golden/florist.${ext}`, import.meta.url);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, `${run.stdout}\n`);
    expect(existsSync(golden)).toBe(true);
    expect(`${run.stdout}\n`).toBe(readFileSync(golden, "utf8"));
  });

  it("labels every way on: digits, open/closed, busy, no answer, no input, invalid", async () => {
    const { stdout } = await cli(["graph", florist, "-f", "dot"]);
    for (const label of ["open", "closed", "1", "2", "busy", "no answer", "no input", "invalid"])
      expect(stdout).toContain(`[label="${label}"]`);
  });

  it("labels match cases, the default and a queue's timeout", async () => {
    const { stdout } = await cli(["graph", repo("rules/examples/office.yaml")]);
    expect(stdout).toContain('|"case 3: anonymous"|');
    expect(stdout).toContain('|"case 2: caller +46900…, +46939…"|');
    expect(stdout).toContain('|"default"|');
    const ivr = await cli(["graph", repo("rules/examples/ivr.yaml")]);
    expect(ivr.stdout).toContain('|"timeout"|');
  });

  it("writes to a file with -o", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sb-graph-")), "florist.svg");
    const run = await cli(["graph", florist, "-f", "svg", "-o", out]);
    expect(run.stdout).toBe(`${out}: svg, florist, 7 nodes`);
    expect(readFileSync(out, "utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("rejects an unknown format", async () => {
    const run = await cli(["graph", florist, "-f", "png"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown --format "png"');
  });
});

describe("svg layout", () => {
  const pbx = (source: string) => {
    const compiled = compilePbx(source, "t.yaml");
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    return flowGraph("t", compiled.pbx.rule.spec);
  };

  it("escapes text from the rule file", () => {
    const graph = pbx(
      pbxSource({
        entry: "hi",
        nodes: {
          hi: { type: "play", prompt: { tts: `Tom & Jerry's <b>"shop"</b>` }, next: "bye" },
          bye: { type: "hangup" },
        },
      }),
    );
    const out = svg(graph);
    expect(out).toContain("Tom &amp; Jerry&#39;s &lt;b&gt;&quot;shop&quot;&lt;/b&gt;");
    expect(out).not.toContain("<b>");
  });

  it("places every node of the examples once, with no two boxes overlapping", async () => {
    for (const name of ["florist", "ivr", "ambulance", "hairdresser", "office"]) {
      const graph = pbx(readFileSync(repo(`rules/examples/${name}.yaml`), "utf8"));
      const { boxes, routes } = layout(graph, () => ({ width: 120, height: 40 }));
      expect(boxes.map((b) => b.id)).toEqual(graph.nodes.map((n) => n.id));
      for (const a of boxes)
        for (const b of boxes)
          if (a !== b && a.y === b.y) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(120);
      expect(routes.every((r) => r.points.length >= 2)).toBe(true);
    }
  });

  it.each(["florist", "ivr", "ambulance", "hairdresser", "office"])(
    "puts every label of %s clear of the boxes and of every other label",
    (name) => {
      const graph = pbx(readFileSync(repo(`rules/examples/${name}.yaml`), "utf8"));
      const { boxes, labels, routes } = drawing(graph);
      expect(labels).toHaveLength(routes.filter((r) => r.label).length);
      const rects = [
        ...boxes.map((b) => ({
          what: `box ${b.id}`,
          x: b.x - b.width / 2,
          y: b.y - b.height / 2,
          w: b.width,
          h: b.height,
        })),
        ...labels.map((l) => ({ what: `label ${l.lines.join(" ")}`, ...l })),
      ];
      const overlaps: string[] = [];
      for (const [i, a] of rects.entries())
        for (const b of rects.slice(i + 1))
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
            overlaps.push(`${a.what} / ${b.what}`);
      expect(overlaps).toEqual([]);
    },
  );

  it("draws a big switchboard (200 nodes, every leaf to one voicemail) in a reasonable time", {
    timeout: 120_000,
  }, () => {
    // Menus of 9 options in a tree; every leaf dials someone and falls back to one voicemail,
    // so hundreds of long arrows end at the same box: the worst case for placing labels.
    const nodes: Record<string, unknown> = { vm: { type: "voicemail", mailbox: "all" } };
    const ids = Array.from({ length: 199 }, (_, i) => `n${i}`);
    ids.forEach((id, i) => {
      const children = ids.slice(i * 9 + 1, i * 9 + 10);
      nodes[id] =
        children.length > 0
          ? {
              type: "menu",
              prompt: { tts: `Menu ${id}` },
              options: Object.fromEntries(children.map((c, k) => [String(k + 1), c])),
              onNoInput: "vm",
            }
          : { type: "connect", to: ["+46701234567"], onBusy: "vm", onNoAnswer: "vm" };
    });
    const { boxes, labels } = drawing(pbx(pbxSource({ entry: "n0", nodes })));
    expect(boxes).toHaveLength(200);
    expect(labels.length).toBeGreaterThan(199);
  });

  it("draws arrows back up (a menu's 'back' key) dashed, and is deterministic", () => {
    const graph = pbx(readFileSync(repo("rules/examples/ivr.yaml"), "utf8"));
    const out = svg(graph);
    expect(out).toContain('stroke-dasharray="5 3"');
    expect(svg(graph)).toBe(out);
  });
});
