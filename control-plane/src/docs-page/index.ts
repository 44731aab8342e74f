/**
 * `GET /docs`: the API reference as one self-contained HTML page (no scripts, no CDN), rendered
 * on the server from the same OpenAPI document `/openapi.json` serves.
 */
type Json = Record<string, unknown>;

interface Operation {
  summary?: string;
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    schema?: Json;
    description?: string;
  }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
  security?: unknown[];
}

export function renderApiReference(document: object): string {
  const doc = document as Json;
  const info = (doc.info ?? {}) as { title?: string; version?: string };
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  const type = (schema: Json | undefined) => esc(typeOf(schema, schemas, 0));

  const sections = Object.entries(paths)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const params = (op.parameters ?? []).map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}${p.required ? ", required" : ""}</td><td><code>${type(p.schema)}</code></td><td>${esc(p.description ?? String(p.schema?.description ?? ""))}</td></tr>`,
        );
        const body = Object.entries(op.requestBody?.content ?? {}).map(
          ([media, c]) => `<p>Body <code>${esc(media)}</code>: <code>${type(c.schema)}</code></p>`,
        );
        const responses = Object.entries(op.responses ?? {}).map(([status, r]) => {
          const schema = Object.values(r.content ?? {})[0]?.schema;
          return `<tr><td>${esc(status)}</td><td>${esc(r.description ?? "")}</td><td>${schema ? `<code>${type(schema)}</code>` : ""}</td></tr>`;
        });
        const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-");
        return `<section id="${id}">
<h2><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p>${esc(op.summary ?? "")}${op.security?.length ? ' <span class="auth">bearer</span>' : ""}</p>
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th></th></tr>${params.join("")}</table>` : ""}
${body.join("")}
<table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses.join("")}</table>
</section>`;
      }),
    );
  const toc = Object.keys(paths)
    .sort()
    .flatMap((path) =>
      Object.keys(paths[path] ?? {}).map((method) => {
        const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-");
        return `<li><a href="#${id}">${esc(method.toUpperCase())} ${esc(path)}</a></li>`;
      }),
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(info.title ?? "API")} reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#222}
code{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em;word-break:break-word}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ccc;padding-top:.5rem}h2{font-size:1.05rem}
.m{display:inline-block;min-width:4.5em;color:#fff;border-radius:3px;padding:0 .3em;text-align:center}
.get{background:#2a7}.post{background:#27c}.put{background:#c72}.delete{background:#c33}
.auth{font-size:12px;border:1px solid #999;border-radius:3px;padding:0 .3em}
</style></head><body>
<h1>${esc(info.title ?? "API")} <small>v${esc(info.version ?? "")}</small></h1>
<p>Generated from <a href="/openapi.json">/openapi.json</a>. Routes marked <span class="auth">bearer</span> need <code>Authorization: Bearer &lt;access token or API key&gt;</code>; every error is <code>{"error": {"code", "message"}}</code>.</p>
<ul>${toc.join("")}</ul>
${sections.join("\n")}
</body></html>`;
}

/** A schema as a short TypeScript-like type, following `$ref`s a few levels deep. */
function typeOf(schema: Json | undefined, schemas: Record<string, Json>, depth: number): string {
  if (!schema) return "unknown";
  const ref = schema.$ref;
  if (typeof ref === "string") {
    const name = ref.split("/").at(-1) ?? ref;
    return depth >= 2 ? name : typeOf(schemas[name], schemas, depth + 1);
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options))
      return options.map((o) => typeOf(o as Json, schemas, depth)).join(" | ");
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  if (schema.nullable === true || types.includes("null")) {
    const rest = types.filter((t) => t !== "null");
    return `${typeOf({ ...schema, type: rest.length === 1 ? rest[0] : rest, nullable: false }, schemas, depth)} | null`;
  }
  const kind = schema.type;
  if (kind === "array") return `${typeOf(schema.items as Json, schemas, depth)}[]`;
  if (kind === "object" || schema.properties) {
    const props = Object.entries((schema.properties ?? {}) as Record<string, Json>);
    if (props.length === 0) return "object";
    if (depth > 4) return "{…}";
    const required = new Set((schema.required ?? []) as string[]);
    const fields = props.map(
      ([name, s]) => `${name}${required.has(name) ? "" : "?"}: ${typeOf(s, schemas, depth + 1)}`,
    );
    return `{ ${fields.join("; ")} }`;
  }
  return String(kind ?? "unknown");
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
