// Switchboard admin: progressive enhancement only. Every page works without this file; it
// re-checks the rule file while the admin types, moves the caret to a diagnostic, keeps the
// scenarios in this browser, and copies a new secret.

/** Redraws an editor's line numbers and line marks for its current text. */
function paintEditor(editor, marks) {
  const textarea = editor.querySelector("textarea");
  const gutter = editor.querySelector(".code-gutter");
  const backdrop = editor.querySelector(".code-backdrop");
  const lines = textarea.value.split("\n");
  const byLine = new Map();
  for (const mark of marks) {
    const seen = byLine.get(mark.line);
    if (!seen) byLine.set(mark.line, { severity: mark.severity, messages: [mark.message] });
    else {
      seen.messages.push(mark.message);
      if (mark.severity === "error") seen.severity = "error";
    }
  }
  const id = textarea.id;
  gutter.replaceChildren(
    ...lines.map((_, i) => {
      const span = document.createElement("span");
      const mark = byLine.get(i + 1);
      if (mark) {
        span.className = `mark ${mark.severity}`;
        span.title = mark.messages.join("\n");
      }
      span.textContent = `${i + 1}\n`;
      return span;
    }),
  );
  backdrop.replaceChildren(
    ...lines.map((line, i) => {
      const span = document.createElement("span");
      span.id = `${id}-L${i + 1}`;
      const mark = byLine.get(i + 1);
      if (mark) span.className = `mark ${mark.severity}`;
      span.textContent = `${line}\n`;
      return span;
    }),
  );
  textarea.rows = lines.length + 1;
}

/** Current marks per editor, read from the server's first rendering. */
function marksFromPage(editor) {
  const marks = [];
  for (const span of editor.querySelectorAll(".code-gutter .mark")) {
    const line = Number(span.textContent);
    const severity = span.classList.contains("error") ? "error" : "warning";
    for (const message of (span.title || "").split("\n")) marks.push({ line, severity, message });
  }
  return marks;
}

/** Puts the caret at line:column of an editor and scrolls it into view. */
function jumpTo(editorId, line, column) {
  const textarea = document.getElementById(editorId);
  if (!textarea) return false;
  const lines = textarea.value.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, column - 1);
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(offset, offset);
  const target = document.getElementById(`${editorId}-L${line}`);
  (target || textarea).scrollIntoView({ block: "center" });
  return true;
}

function setupEditorForm(form) {
  const url = form.dataset.checkUrl;
  const state = form.querySelector("[data-live-state]");
  const results = document.getElementById("check-results");
  const editors = [...form.querySelectorAll("[data-editor]")];
  const marks = new Map(editors.map((e) => [e.dataset.editor, marksFromPage(e)]));
  const scenarios = form.querySelector("textarea[name=scenarios]");
  const key = form.dataset.draftKey ? `${form.dataset.draftKey}:scenarios` : null;

  // Scenarios are not stored by the control plane; this browser remembers them per rule set.
  if (scenarios && key) {
    const saved = localStorage.getItem(key);
    if (saved && !scenarios.value.trim()) {
      scenarios.value = saved;
      paintEditor(scenarios.closest("[data-editor]"), []);
      schedule(0);
    }
    scenarios.addEventListener("input", () => localStorage.setItem(key, scenarios.value));
  }

  for (const editor of editors) {
    const textarea = editor.querySelector("textarea");
    const backdrop = editor.querySelector(".code-backdrop");
    textarea.addEventListener("input", () => {
      paintEditor(editor, marks.get(editor.dataset.editor) || []);
      schedule(450);
    });
    textarea.addEventListener("scroll", () => {
      backdrop.scrollLeft = textarea.scrollLeft;
    });
    // Tab indents (two spaces) instead of leaving the editor; Escape then Tab leaves it.
    let escaped = false;
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Escape") escaped = true;
      else if (event.key === "Tab" && !event.shiftKey && !escaped) {
        event.preventDefault();
        textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
        textarea.dispatchEvent(new Event("input"));
      } else escaped = false;
    });
  }

  let timer = null;
  let inFlight = null;
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  }

  async function check() {
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    if (state) state.textContent = "Checking…";
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          source: form.querySelector("textarea[name=source]").value,
          scenarios: scenarios ? scenarios.value : "",
        }),
        signal: inFlight.signal,
        credentials: "same-origin",
      });
      if (res.redirected || !res.ok) {
        if (state) state.textContent = "Could not check (signed out?). Use the Check button.";
        return;
      }
      const answer = await res.json();
      results.innerHTML = answer.html;
      for (const editor of editors) {
        const own = answer.marks[editor.dataset.editor] || [];
        marks.set(editor.dataset.editor, own);
        paintEditor(editor, own);
      }
      if (state) state.textContent = answer.ok ? "Checked: no errors." : "Checked.";
    } catch (error) {
      if (error.name !== "AbortError" && state) state.textContent = "Could not check.";
    }
  }
}

document.addEventListener("click", (event) => {
  const jump = event.target.closest("a.jump[data-editor]");
  if (jump && jumpTo(jump.dataset.editor, Number(jump.dataset.line), Number(jump.dataset.column))) {
    event.preventDefault();
    return;
  }
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const text = document.getElementById(copy.dataset.copy)?.textContent?.trim() || "";
    navigator.clipboard?.writeText(text).then(() => {
      copy.textContent = "Copied";
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-check-url]")) setupEditorForm(form);
  for (const button of document.querySelectorAll("[data-copy]")) {
    if (navigator.clipboard) button.hidden = false;
  }
});
