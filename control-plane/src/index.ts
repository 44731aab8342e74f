export { type ControlPlane, type ControlPlaneOptions, createControlPlane } from "./app.ts";
export { type Claims, issueToken } from "./auth/index.ts";
export { type Database, type DatabaseOptions, type OpenDatabase, openDatabase } from "./db/open.ts";
export { type EdgePublisher, type KvNamespaceLike, kvPublisher } from "./publisher/index.ts";
