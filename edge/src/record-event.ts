/**
 * One event on the EVENTS queue and the same JSON as one log line. The control plane consumes
 * events idempotently by `id`; sending never delays or fails the answer.
 */
export function recordEvent(
  events: Queue,
  waitUntil: (work: Promise<unknown>) => void,
  event: { id: string },
): void {
  console.log(JSON.stringify(event));
  const lost = (error: unknown) =>
    console.error(JSON.stringify({ msg: "event not sent", id: event.id, error: String(error) }));
  try {
    waitUntil(events.send(event).catch(lost));
  } catch (error) {
    // A missing binding or execution context throws synchronously; still answer.
    lost(error);
  }
}
