/**
 * One event on the EVENTS queue and one log line (the same JSON, or a summary of it). The
 * control plane consumes events idempotently by `id`; sending never delays or fails the answer.
 *
 * Events are sent in batches: a queue send is a subrequest, and one per decision cost the edge
 * ~40 % of its throughput (docs/performance.md, "Calls"). The first event of a batch schedules
 * its send BATCH_MS later inside that request's `waitUntil`; events that this isolate records
 * meanwhile, for any request, ride along, up to the queue's limits. Their log lines go out with
 * the batch too, one `console.log` of newline-separated lines: each call of it cost workerd
 * ~100 µs before counting its length (docs/edge.md, "Events and log lines").
 */
const BATCH_MS = 10;
/** A queue's `sendBatch` takes at most 100 messages and 256 KB (a search's event is ~4 KB). */
const BATCH_MAX = 100;
const BATCH_BYTES = 192 * 1024;

type Event = { id: string };
interface Batch {
  events: Event[];
  /** Each event's JSON: its log line. */
  lines: string[];
  /** The lines' length: close to what the queue counts. */
  bytes: number;
}

/** The batch still open per queue binding (tests hand each request a queue of its own). */
const open = new WeakMap<Queue, Batch>();

/** `line` is the event's log line: the event's own JSON unless the caller logs a summary. */
export function recordEvent(
  events: Queue,
  waitUntil: (work: Promise<unknown>) => void,
  event: Event,
  line = JSON.stringify(event),
): void {
  let batch = open.get(events);
  if (batch && batch.bytes + line.length > BATCH_BYTES) {
    open.delete(events);
    batch = undefined;
  }
  if (!batch) {
    batch = { events: [], lines: [], bytes: 0 };
    try {
      if (typeof events !== "object" || events === null) {
        throw new Error("the EVENTS queue binding is missing");
      }
      // A missing execution context throws synchronously; still answer.
      waitUntil(sendLater(events, batch));
    } catch (error) {
      console.log(line);
      lost([event], error);
      return;
    }
    open.set(events, batch);
  }
  batch.events.push(event);
  batch.lines.push(line);
  batch.bytes += line.length;
  if (batch.events.length >= BATCH_MAX) open.delete(events);
}

async function sendLater(events: Queue, batch: Batch): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, BATCH_MS));
  if (open.get(events) === batch) open.delete(events);
  console.log(batch.lines.join("\n"));
  try {
    await events.sendBatch(batch.events.map((body) => ({ body })));
  } catch (error) {
    lost(batch.events, error);
  }
}

function lost(batch: Event[], error: unknown): void {
  const ids = batch.map((event) => event.id);
  console.error(JSON.stringify({ msg: "events not sent", ids, error: String(error) }));
}
