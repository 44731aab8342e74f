import { isNode, LineCounter, parseDocument } from "yaml";
import type { StoredDiagnostic } from "../db/schema.ts";

/** What the compiler read from the file that must agree with the URL it was uploaded to. */
export interface FileIdentity {
  kind: string;
  name: string;
  tenant: string | null;
}

/**
 * The file names its own tenant and rule set; storing it under another URL would publish a
 * bundle whose metadata lies, so each disagreement is reported at the field that says it.
 */
export function identityDiagnostics(
  source: string,
  file: FileIdentity,
  url: { tenant: string | null; name: string; kinds: readonly string[]; where: string },
): StoredDiagnostic[] {
  const diagnostics: StoredDiagnostic[] = [];
  const at = locator(source);
  if (!url.kinds.includes(file.kind)) {
    diagnostics.push({
      code: "unsupported_kind",
      severity: "error",
      message: `kind ${file.kind} cannot be stored under ${url.where}; it takes ${url.kinds.join(", ")}`,
      hint:
        file.kind === "Country"
          ? `upload country files to PUT /v1/countries/${file.name}`
          : `upload ${file.kind} files to PUT /v1/rulesets/${file.tenant}/${file.name}`,
      ...at(["kind"]),
    });
    return diagnostics;
  }
  if (file.tenant !== url.tenant) {
    diagnostics.push({
      code: "tenant_mismatch",
      severity: "error",
      message: `metadata.tenant is "${file.tenant ?? ""}" but the URL names tenant "${url.tenant}"`,
      hint: `set metadata.tenant to "${url.tenant}" or upload to /v1/rulesets/${file.tenant}/${file.name}`,
      ...at(["metadata", "tenant"]),
    });
  }
  if (file.name !== url.name) {
    diagnostics.push({
      code: "name_mismatch",
      severity: "error",
      message: `metadata.name is "${file.name}" but the URL names "${url.name}"`,
      hint: `set metadata.name to "${url.name}", or upload the file under its own name`,
      ...at(["metadata", "name"]),
    });
  }
  return diagnostics;
}

/** 1-based line and column of the value at `path`, else of its nearest present parent. */
function locator(source: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  return (path: string[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return { line: 1, column: 1 };
  };
}
