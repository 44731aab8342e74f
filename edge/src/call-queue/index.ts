/** PBX call queues: the Durable Object, the call path's hook and the agents' route. */
export { agents } from "./agents.ts";
export { queueId, queueStep } from "./calls.ts";
export { CallQueue } from "./object.ts";
