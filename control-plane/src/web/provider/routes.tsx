// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The provider's pages (providers of their own tenant, and operators). */
import { Hono } from "hono";
import { slug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";
import {
  campaignPage,
  createCampaign,
  newCampaignPage,
  pauseOrResume,
  saveCampaign,
} from "./campaigns.tsx";
import {
  createOpening,
  moveOpening,
  newOpeningPage,
  openingPage,
  saveOpening,
} from "./openings.tsx";
import { overviewPage, saveProfile } from "./overview.tsx";

const base = `/providers/:provider{${slug}}`;
const id = "[A-Za-z0-9_-]{1,64}";
const opening = `${base}/openings/:opening{${id}}`;
const campaign = `${base}/campaigns/:campaign{${id}}`;

export const providerRoutes = new Hono<WebEnv>()
  .get(base, (c) => overviewPage(c, c.req.param("provider")))
  .post(base, (c) => saveProfile(c, c.req.param("provider")))
  .get(`${base}/openings/new`, (c) => newOpeningPage(c, c.req.param("provider")))
  .post(`${base}/openings`, (c) => createOpening(c, c.req.param("provider")))
  .get(opening, (c) => openingPage(c, c.req.param("provider"), c.req.param("opening")))
  .post(opening, (c) => saveOpening(c, c.req.param("provider"), c.req.param("opening")))
  .post(`${opening}/publish`, (c) =>
    moveOpening(c, c.req.param("provider"), c.req.param("opening"), "publish"),
  )
  .post(`${opening}/disable`, (c) =>
    moveOpening(c, c.req.param("provider"), c.req.param("opening"), "disable"),
  )
  .get(`${base}/campaigns/new`, (c) => newCampaignPage(c, c.req.param("provider")))
  .post(`${base}/campaigns`, (c) => createCampaign(c, c.req.param("provider")))
  .get(campaign, (c) => campaignPage(c, c.req.param("provider"), c.req.param("campaign")))
  .post(campaign, (c) => saveCampaign(c, c.req.param("provider"), c.req.param("campaign")))
  .post(`${campaign}/pause`, (c) =>
    pauseOrResume(c, c.req.param("provider"), c.req.param("campaign"), "pause"),
  )
  .post(`${campaign}/resume`, (c) =>
    pauseOrResume(c, c.req.param("provider"), c.req.param("campaign"), "resume"),
  );
