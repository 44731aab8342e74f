/**
 * The web app is a client of the API it is served beside: every page reads and writes through
 * the typed client, in process, with the session's token, so authorization, validation and
 * audit are the API's own and never a second implementation.
 */
import type { Context } from "hono";
import { type ClientResponse, DetailedError, parseResponse } from "hono/client";
import { controlPlaneClient } from "../client.ts";
import type { WebEnv } from "./session/session.ts";

/** Answers a request with the control plane's own API (app.fetch), without a network hop. */
export type ApiFetch = (request: Request) => Response | Promise<Response>;

export interface Diagnostic {
  code: string;
  severity: "error" | "warning";
  message: string;
  line: number;
  column: number;
  hint?: string;
}

/** A request field the API refused, e.g. `{path: "maxCpcMinor", message}`. */
export interface Issue {
  path: string;
  message: string;
}

/** A refusal of the API, with its `{error: {code, message, issues?}}` and any rule diagnostics. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly diagnostics: Diagnostic[] = [],
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

/** The typed client, speaking for the signed-in user (or anonymously, to log in). */
export function apiClient(c: Context<WebEnv>, token?: string) {
  const fetchApi = c.get("api");
  return controlPlaneClient(new URL(c.req.url).origin, {
    token: token ?? c.get("session")?.token,
    fetch: async (input, init) => fetchApi(new Request(input, init)),
  });
}

export type Api = ReturnType<typeof apiClient>;

/** The 2xx body of a client call; anything else throws ApiFailure with the API's message. */
export async function ok<T extends ClientResponse<unknown>>(call: T | Promise<T>) {
  try {
    return await parseResponse(call);
  } catch (error) {
    if (!(error instanceof DetailedError)) throw error;
    const body = error.detail?.data as
      | {
          error?: { code?: string; message?: string; issues?: Issue[] };
          diagnostics?: Diagnostic[];
        }
      | undefined;
    throw new ApiFailure(
      Number(error.statusCode ?? 500),
      body?.error?.code ?? "http_error",
      body?.error?.message ?? error.message,
      body?.diagnostics ?? [],
      body?.error?.issues ?? [],
    );
  }
}

/**
 * `error` as the API's refusal when its status is one a page answers itself (a form shown again
 * with the reason); anything else is thrown on to the app's error page.
 */
export function refused(error: unknown, ...statuses: number[]): ApiFailure {
  if (error instanceof ApiFailure && statuses.includes(error.status)) return error;
  throw error;
}

/** A rule file as the API takes it: YAML in the body. */
export function yaml(source: string) {
  return { headers: { "content-type": "application/yaml" }, init: { body: source } };
}
