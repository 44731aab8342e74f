import type { Database } from "../db/open.ts";
import { reasonOf } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { parseEvents } from "./schema.ts";
import { storeEvents } from "./store.ts";

/** The parts of a Workers Queue message batch the consumer uses (`MessageBatch<unknown>`). */
export interface QueueMessage {
  readonly id: string;
  readonly body: unknown;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}
export interface QueueBatch {
  readonly queue: string;
  readonly messages: readonly QueueMessage[];
}

/**
 * The Worker `queue()` handler for the edge's EVENTS queue. Valid events are inserted in one
 * idempotent batch and acked; if Postgres is unreachable every one of them is retried with
 * backoff (5 s doubling, at most 5 min), so the queue holds them until the database is back.
 * An event that can never be valid is acked and logged (retrying it would not help).
 */
export function createEventConsumer(deps: {
  db: Database;
  /** Republishes snapshots when a click exhausts a campaign (else the next refresh does). */
  publisher?: EdgePublisher;
  log?: (line: string) => void;
}) {
  const log = deps.log ?? ((line: string) => console.error(line));
  return {
    async queue(batch: QueueBatch): Promise<void> {
      const { valid, rejected } = parseEvents(batch.messages.map((m) => m.body));
      const bad = new Set(rejected.map((r) => r.index));
      for (const { index, message } of rejected) {
        log(
          JSON.stringify({
            msg: "event rejected",
            queue: batch.queue,
            id: batch.messages[index]?.id,
            message,
          }),
        );
        batch.messages[index]?.ack();
      }
      const good = batch.messages.filter((_, i) => !bad.has(i));
      try {
        await storeEvents(deps, valid);
        for (const message of good) message.ack();
      } catch (error) {
        log(JSON.stringify({ msg: "events retried", count: good.length, error: reasonOf(error) }));
        for (const message of good) {
          message.retry({
            delaySeconds: Math.min(300, 5 * 2 ** Math.max(0, message.attempts - 1)),
          });
        }
      }
    },
  };
}
