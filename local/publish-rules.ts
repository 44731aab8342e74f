// Publishes every rule file under rules/ through the control plane's public API and its
// typed client, exactly as a PBX admin would: PUT the file, then publish the stored version.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  controlPlaneClient,
  publishVersion,
  pushRuleFile,
  ruleFileTarget,
} from "@switchboard/control-plane/client";
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
  // Compiling locally only lists the file's numbers for the printout; the control plane
  // compiles again and is the one that decides.
  const local = compile(source, { file });
  const target = ruleFileTarget(source);
  if (!local.ok || !target) {
    throw new Error(
      `${file} does not compile:\n${local.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n")}`,
    );
  }
  const cp = controlPlaneClient(controlUrl, { token });
  const stored = await pushRuleFile(cp, target, source);
  if (!stored.ok) throw new Error(`${file}: ${stored.status} ${stored.code}: ${stored.message}`);
  try {
    await publishVersion(cp, target, { version: stored.version });
  } catch (error) {
    throw new Error(`${file}: publish → ${(error as Error).message}`);
  }
  return {
    file: relative(process.cwd(), file),
    kind: target.kind,
    tenant: target.tenant,
    name: target.name,
    version: stored.version,
    hash: stored.hash,
    numbers: local.numbers,
  };
}
