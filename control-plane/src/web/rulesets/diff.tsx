// @jsxRuntime automatic @jsxImportSource hono/jsx
/** A unified diff of two rule files, one row per line, coloured by what changed. */
import { Empty } from "../layout/parts.tsx";

export function DiffView({ diff, label }: { diff: string; label: string }) {
  if (!diff) return <Empty>The two versions have the same rule file.</Empty>;
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <section class="scroll" aria-label={label} tabindex={0}>
      <pre class="diff">
        {lines.map((line) => (
          <span class={`diff-line ${lineKind(line)}`}>
            {line}
            {"\n"}
          </span>
        ))}
      </pre>
    </section>
  );
}

function lineKind(line: string): string {
  if (line.startsWith("+++") || line.startsWith("---")) return "file";
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "added";
  if (line.startsWith("-")) return "removed";
  return "same";
}
