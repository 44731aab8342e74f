// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * The rule-file editor: a plain textarea (it works without JavaScript) laid over a copy of the
 * text whose lines carry the diagnostics, with line numbers beside it. Script only re-checks
 * while typing and moves the caret to a diagnostic.
 */
import type { Diagnostic } from "../api.ts";
import { Empty } from "../layout/parts.tsx";
import { type DraftCheck, plural, type ScenarioResult, tally } from "./check.ts";
import { FlowDiagram } from "./diagram.tsx";

export interface Mark {
  line: number;
  severity: "error" | "warning";
  message: string;
}

export function marksOf(diagnostics: readonly Diagnostic[]): Mark[] {
  return diagnostics.map(({ line, severity, message }) => ({ line, severity, message }));
}

/** The worst severity per line, with every message on it (for the line's tooltip). */
function byLine(marks: readonly Mark[]) {
  const lines = new Map<number, { severity: Mark["severity"]; messages: string[] }>();
  for (const mark of marks) {
    const seen = lines.get(mark.line);
    if (!seen) lines.set(mark.line, { severity: mark.severity, messages: [mark.message] });
    else {
      seen.messages.push(mark.message);
      if (mark.severity === "error") seen.severity = "error";
    }
  }
  return lines;
}

export function CodeEditor(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  marks: readonly Mark[];
  describedBy?: string;
  help?: string;
}) {
  const lines = props.value.split("\n");
  const marked = byLine(props.marks);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.help && (
        <p class="help" id={`${props.id}-help`}>
          {props.help}
        </p>
      )}
      <div class="code-editor" data-editor={props.id}>
        <pre class="code-gutter" aria-hidden="true">
          {lines.map((_, i) => {
            const mark = marked.get(i + 1);
            return (
              <span
                class={mark ? `mark ${mark.severity}` : undefined}
                title={mark?.messages.join("\n")}
              >
                {String(i + 1)}
                {"\n"}
              </span>
            );
          })}
        </pre>
        <div class="code-area">
          <pre class="code-backdrop" aria-hidden="true">
            {lines.map((line, i) => {
              const mark = marked.get(i + 1);
              return (
                <span
                  id={`${props.id}-L${i + 1}`}
                  class={mark ? `mark ${mark.severity}` : undefined}
                >
                  {line}
                  {"\n"}
                </span>
              );
            })}
          </pre>
          <textarea
            id={props.id}
            name={props.name}
            rows={lines.length + 1}
            wrap="off"
            spellcheck={false}
            autocomplete="off"
            autocapitalize="off"
            aria-describedby={[props.help && `${props.id}-help`, props.describedBy]
              .filter(Boolean)
              .join(" ")}
          >
            {/* A textarea drops one leading newline; this one, so the file keeps its own. */}
            {`\n${props.value}`}
          </textarea>
        </div>
      </div>
    </div>
  );
}

/** Diagnostics, the call flow and the scenario results of a draft; the live region JS refreshes. */
export function CheckPanel(props: { check: DraftCheck; source: string; scenarios: string }) {
  const { check } = props;
  const { errors, warnings } = tally(check.diagnostics);
  const summary =
    errors + warnings === 0
      ? "No problems found."
      : `${plural(errors, "error")}, ${plural(warnings, "warning")}.`;
  return (
    <>
      <section aria-labelledby="diagnostics-title" class="card">
        <h2 id="diagnostics-title">Diagnostics</h2>
        <p id="check-summary" class={errors ? "summary error" : "summary ok"} role="status">
          {summary}
        </p>
        <DiagnosticList
          diagnostics={check.diagnostics}
          source={props.source}
          editor="source"
          where="line"
        />
      </section>
      <section aria-labelledby="scenarios-title" class="card">
        <h2 id="scenarios-title">Scenarios</h2>
        <ScenarioResults check={check} scenarios={props.scenarios} />
      </section>
      <section aria-labelledby="flow-title" class="card wide">
        <h2 id="flow-title">Call flow</h2>
        {check.flow ? (
          <FlowDiagram flow={check.flow} />
        ) : (
          <Empty>
            {check.kind && check.kind !== "Pbx"
              ? `A ${check.kind} file has no call flow to draw.`
              : "The diagram appears when the rule file has no errors."}
          </Empty>
        )}
      </section>
    </>
  );
}

export function DiagnosticList(props: {
  diagnostics: readonly Diagnostic[];
  source: string;
  editor: string;
  where: string;
}) {
  if (props.diagnostics.length === 0) return null;
  const lines = props.source.split("\n");
  return (
    <ol class="diagnostics">
      {props.diagnostics.map((d) => {
        const text = lines[d.line - 1];
        return (
          <li class={`diagnostic ${d.severity}`}>
            <div class="diagnostic-head">
              <a
                class="jump"
                href={`#${props.editor}-L${d.line}`}
                data-editor={props.editor}
                data-line={String(d.line)}
                data-column={String(d.column)}
              >
                {props.where} {d.line}:{d.column}
              </a>
              <span class={`severity ${d.severity}`}>{d.severity}</span>
              <code class="code">{d.code}</code>
            </div>
            <p class="message">{d.message}</p>
            {text !== undefined && (
              <pre class="excerpt">
                {`${String(d.line).padStart(4)} | ${text}\n     | ${" ".repeat(Math.max(0, d.column - 1))}^`}
              </pre>
            )}
            {d.hint && <p class="hint">hint: {d.hint}</p>}
          </li>
        );
      })}
    </ol>
  );
}

function ScenarioResults({ check, scenarios }: { check: DraftCheck; scenarios: string }) {
  if (!scenarios.trim()) {
    return (
      <Empty>
        No scenarios yet. Write calls as events below the rule file (the format of{" "}
        <code>*.scenarios.yaml</code>) to test the draft on the engine.
      </Empty>
    );
  }
  if (!check.scenarios) {
    return <Empty>The scenarios run when the rule file has no errors.</Empty>;
  }
  const { diagnostics, results } = check.scenarios;
  const failed = results.filter((r) => !r.passed).length;
  return (
    <>
      <p class={failed || tally(diagnostics).errors ? "summary error" : "summary ok"} role="status">
        {results.length === 0
          ? "No scenario ran."
          : `${plural(results.length, "scenario")}: ${results.length - failed} passed, ${failed} failed.`}
      </p>
      <DiagnosticList
        diagnostics={diagnostics}
        source={scenarios}
        editor="scenarios"
        where="scenario line"
      />
      <ul class="scenario-results">
        {results.map((result) => (
          <ScenarioItem result={result} />
        ))}
      </ul>
    </>
  );
}

function ScenarioItem({ result }: { result: ScenarioResult }) {
  const { failure } = result;
  return (
    <li class={result.passed ? "passed" : "failed"}>
      <span class="verdict" aria-hidden="true">
        {result.passed ? "✓" : "✗"}
      </span>
      <span class="visually-hidden">{result.passed ? "passed:" : "failed:"}</span> {result.name}
      {failure && (
        <div class="failure">
          <p>
            Step {failure.step}, <code>{failure.event}</code> (
            <a
              class="jump"
              href={`#scenarios-L${failure.line}`}
              data-editor="scenarios"
              data-line={String(failure.line)}
              data-column="1"
            >
              scenario line {failure.line}
            </a>
            ):
          </p>
          <pre class="problems">{failure.problems.join("\n")}</pre>
          {failure.answered && <p class="muted">The engine answered from {failure.answered}.</p>}
        </div>
      )}
    </li>
  );
}
