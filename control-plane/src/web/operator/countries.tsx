// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Countries: enabling one is storing its Country rule file (`rules/countries/<cc>.yaml`) and
 * publishing it — no code change. The file is uploaded or pasted; its ISO code is its
 * `metadata.name`.
 */
import type { Context } from "hono";
import { parse } from "yaml";
import { apiClient, type Diagnostic, ok, refused, yaml } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Empty, ErrorNotice, PageHeader, shortHash, Time } from "../layout/parts.tsx";
import { DiagnosticList } from "../rulesets/editor.tsx";
import { countryTarget } from "../rulesets/target.ts";
import {
  CompareForm,
  LiveStatus,
  liveOf,
  RolloutButton,
  VersionsTable,
} from "../rulesets/versions.tsx";
import type { WebEnv } from "../session/session.ts";

interface Upload {
  source: string;
  error: string;
  diagnostics?: Diagnostic[];
}

export async function countriesPage(c: Context<WebEnv>, upload?: Upload) {
  const { countries } = await ok(apiClient(c).v1.countries.$get());
  return renderPage(
    c,
    { title: "Countries", nav: "/app/countries", status: upload ? 422 : 200 },
    <>
      <PageHeader
        title="Countries"
        lead="A country is enabled by publishing its Country rule file: calling code, emergency numbers, time zone and the fallback answer."
      />
      <div class="grid wide-narrow">
        <section class="card" aria-labelledby="countries-title">
          <h2 id="countries-title">{`${countries.length} enabled`}</h2>
          {countries.length === 0 ? (
            <Empty>No country is enabled yet.</Empty>
          ) : (
            <table class="data">
              <caption class="visually-hidden">Enabled countries</caption>
              <thead>
                <tr>
                  <th scope="col">Country</th>
                  <th scope="col">Calling code</th>
                  <th scope="col">Bundle</th>
                  <th scope="col">Published</th>
                </tr>
              </thead>
              <tbody>
                {countries.map((country) => (
                  <tr>
                    <th scope="row">
                      <a href={`/app/countries/${country.code}`}>{country.code}</a>
                    </th>
                    <td>+{country.callingCode}</td>
                    <td>
                      <code>{shortHash(country.hash)}</code>
                    </td>
                    <td>
                      <Time iso={country.publishedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <form
          method="post"
          action="/app/countries"
          enctype="multipart/form-data"
          class="card stack"
        >
          <h2>Enable a country</h2>
          <ErrorNotice message={upload?.error} id="country-error" />
          {upload?.diagnostics && upload.diagnostics.length > 0 && (
            <DiagnosticList
              diagnostics={upload.diagnostics}
              source={upload.source}
              editor="country-source"
              where="line"
            />
          )}
          <div class="field">
            <label for="country-file">Country rule file</label>
            <input
              id="country-file"
              name="file"
              type="file"
              accept=".yaml,.yml,application/yaml,text/yaml"
              aria-describedby="country-file-help"
            />
            <p class="help" id="country-file-help">
              For example <code>rules/countries/no.yaml</code>. Or paste it below.
            </p>
          </div>
          <div class="field">
            <label for="country-source">Or paste the file</label>
            <textarea id="country-source" name="source" rows={8} spellcheck={false} class="mono">
              {`\n${upload?.source ?? ""}`}
            </textarea>
          </div>
          <button type="submit" class="button primary">
            Upload and review
          </button>
        </form>
      </div>
    </>,
  );
}

export async function uploadCountry(c: Context<WebEnv>) {
  const form = await c.req.parseBody();
  const file = form.file;
  const fromFile = file instanceof File && file.size > 0 ? await file.text() : "";
  const source = (fromFile || String(form.source ?? "")).replace(/\r\n?/g, "\n");
  if (!source.trim())
    return countriesPage(c, { source, error: "Choose a Country rule file or paste one." });
  const code = codeOf(source);
  if (!code) {
    return countriesPage(c, {
      source,
      error:
        "The file has no ISO country code in metadata.name (e.g. name: NO); is it a Country rule file?",
    });
  }
  try {
    const stored = await ok(
      apiClient(c).v1.countries[":code"].$put({ param: { code } }, yaml(source)),
    );
    return redirectWith(c, `/app/countries/${code}`, {
      kind: "success",
      text: `Stored version ${stored.version} of ${code}. Publish it to enable the country on the edge.`,
    });
  } catch (error) {
    const failure = refused(error, 409, 413, 422);
    return countriesPage(c, { source, error: failure.message, diagnostics: failure.diagnostics });
  }
}

/** `metadata.name` of a Country file, upper-cased; undefined when the YAML has none. */
function codeOf(source: string): string | undefined {
  try {
    const name = (parse(source) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    return typeof name === "string" && /^[A-Za-z]{2}$/.test(name) ? name.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
}

export async function countryPage(c: Context<WebEnv>, code: string) {
  const target = countryTarget(c, code);
  const versions = await target.versions();
  const { active } = liveOf(versions);
  const newest = versions[0];
  return renderPage(
    c,
    { title: target.title, nav: "/app/countries" },
    <>
      <PageHeader
        title={`Country ${code}`}
        crumbs={target.crumbs}
        lead={
          active ? `Enabled: version ${active.version} is live on the edge.` : "Not enabled yet."
        }
        actions={
          newest &&
          !newest.active && (
            <RolloutButton
              target={target}
              action={active && newest.version < active.version ? "rollback" : "publish"}
              version={newest.version}
              label={
                active
                  ? `Publish v${newest.version}…`
                  : `Enable ${code} (publish v${newest.version})…`
              }
              kind="primary"
            />
          )
        }
      />
      <LiveStatus target={target} versions={versions} />
      <section class="card" aria-labelledby="versions-title">
        <div class="section-head">
          <h2 id="versions-title">Versions</h2>
          <CompareForm target={target} versions={versions} />
        </div>
        <VersionsTable target={target} kind="Country" versions={versions} />
      </section>
    </>,
  );
}
