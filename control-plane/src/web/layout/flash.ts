/**
 * A one-time notice for the page after a redirect ("Version 3 is live"): a short-lived cookie,
 * read and cleared by the next page, so a form post can end in a plain GET (no resubmission).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { isHttps, webPath } from "../session/session.ts";

export interface Flash {
  kind: "success" | "error" | "info";
  text: string;
}

const flashCookie = "sb_flash";

export function redirectWith(c: Context, location: string, flash: Flash): Response {
  setCookie(c, flashCookie, JSON.stringify(flash), {
    path: webPath,
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    maxAge: 60,
  });
  return c.redirect(location, 303);
}

export function takeFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, flashCookie);
  if (!raw) return undefined;
  deleteCookie(c, flashCookie, { path: webPath, secure: isHttps(c) });
  try {
    const flash = JSON.parse(raw) as Partial<Flash>;
    const kinds = ["success", "error", "info"];
    if (typeof flash.text === "string" && kinds.includes(String(flash.kind))) return flash as Flash;
  } catch {
    // a cookie we did not write: ignore it
  }
  return undefined;
}
