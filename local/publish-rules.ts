// Publishes every rule file under rules/ through the control plane's public API,
// exactly as a PBX admin would: PUT the file, then publish the stored version.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { compile } from "@switchboard/rules-compiler";

export interface PublishedRuleFile {
  file: string;
  kind: string;
  tenant: string | null;
  name: string;
  version: number;
  hash: string;
  numbers: string[];
}

export function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml") && !e.name.endsWith(".scenarios.yaml"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function publishRuleFile(
  controlUrl: string,
  token: string,
  file: string,
  source = readFileSync(file, "utf8"),
): Promise<PublishedRuleFile> {
  // Compiling locally first only learns the file's tenant and name for the URL;
  // the control plane compiles again and is the one that decides.
  const local = compile(source, { file });
  if (!local.ok) {
    throw new Error(
      `${file} does not compile:\n${local.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n")}`,
    );
  }
  // Country files are the operators' (no tenant); every other kind is a tenant's rule set.
  const path =
    local.kind === "Country"
      ? `/v1/countries/${local.name}`
      : `/v1/rulesets/${local.tenant}/${local.name}`;
  const base = new URL(path, controlUrl);
  const auth = { authorization: `Bearer ${token}` };
  const put = await fetch(base, {
    method: "PUT",
    headers: { ...auth, "content-type": "application/yaml" },
    body: source,
  });
  const stored = (await put.json()) as { version: number; hash: string };
  if (!put.ok)
    throw new Error(`${file}: PUT ${base.pathname} → ${put.status} ${JSON.stringify(stored)}`);
  const publish = await fetch(`${base}/publish`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ version: stored.version }),
  });
  if (!publish.ok) {
    throw new Error(`${file}: publish → ${publish.status} ${await publish.text()}`);
  }
  return {
    file: relative(process.cwd(), file),
    kind: local.kind,
    tenant: local.tenant,
    name: local.name,
    version: stored.version,
    hash: stored.hash,
    numbers: local.numbers,
  };
}
