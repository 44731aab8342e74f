/** Where the edge answered: the Cloudflare colo, or EDGE_REGION_DEFAULT off Cloudflare. */
export function regionOf(request: Request, env: Env): string {
  const cf = request.cf;
  const colo = cf && "colo" in cf && typeof cf.colo === "string" ? cf.colo : undefined;
  return colo ?? env.EDGE_REGION_DEFAULT;
}
