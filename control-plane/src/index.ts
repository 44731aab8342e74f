export { type ControlPlane, type ControlPlaneOptions, createControlPlane } from "./app.ts";
export { type Claims, issueToken } from "./auth/index.ts";
export { type Database, type DatabaseOptions, type OpenDatabase, openDatabase } from "./db/open.ts";
export { createEventConsumer, type QueueBatch, type QueueMessage } from "./events/consumer.ts";
export type { DecisionEvent, EdgeEvent } from "./events/schema.ts";
export { EventSpool } from "./events/spool.ts";
export { createMarketplaceScheduler, refreshSnapshots } from "./marketplace/refresh.ts";
export {
  type CloudflareKvOptions,
  cloudflareKvPublisher,
  cloudflareKvPublisherFromEnv,
  type EdgePublisher,
  type KvNamespaceLike,
  kvPublisher,
  withBulk,
} from "./publisher/index.ts";
export { type DevUser, seedDevUsers } from "./users/seed.ts";
