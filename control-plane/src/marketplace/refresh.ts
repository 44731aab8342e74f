import { reasonOf } from "../error.ts";
import { liveScopes, type PublishDeps, publishScopes } from "./snapshot/publish.ts";

/**
 * Pacing moves with the clock, so every scope's snapshot is rebuilt at least once a minute;
 * only scopes whose content changed (openings, campaigns, pacing, Ranking) are written.
 */
export async function refreshSnapshots(
  deps: PublishDeps,
  now = new Date(),
): Promise<{ scopes: number; failed: string[] }> {
  const scopes = await liveScopes(deps.db);
  const states = await publishScopes(deps, scopes, { now });
  const failed = [...states].filter(([, s]) => s.reason?.startsWith("not yet")).map(([id]) => id);
  return { scopes: scopes.length, failed };
}

/** Worker mode: `export default { scheduled: scheduler.scheduled }` with a `* * * * *` cron. */
export function createMarketplaceScheduler(deps: PublishDeps & { log?: (line: string) => void }) {
  const log = deps.log ?? ((line: string) => console.error(line));
  return {
    async scheduled(): Promise<void> {
      const result = await refreshSnapshots(deps);
      if (result.failed.length > 0) {
        log(JSON.stringify({ msg: "snapshots not published", scopes: result.failed }));
      }
    },
  };
}

/** Node mode: refreshes every `intervalMs` (a minute), never two runs at once. */
export function startSnapshotRefresh(
  deps: PublishDeps & { intervalMs?: number; log?: (line: string) => void },
) {
  const log = deps.log ?? ((line: string) => console.error(line));
  const scheduler = createMarketplaceScheduler({ ...deps, log });
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= scheduler
      .scheduled()
      .catch((error) => log(`snapshot refresh failed: ${reasonOf(error)}`))
      .finally(() => {
        running = undefined;
      });
  }, deps.intervalMs ?? 60_000);
  timer.unref?.();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
