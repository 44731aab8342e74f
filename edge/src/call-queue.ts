/**
 * One Durable Object per PBX call queue (who waits, which agent is free). Queues
 * arrive with a later issue; until then the class exists so the binding and its
 * migration deploy, and it says plainly that it does nothing yet.
 */
import { DurableObject } from "cloudflare:workers";

export class CallQueue extends DurableObject<Env> {
  override async fetch(): Promise<Response> {
    return Response.json(
      { error: { code: "not_implemented", message: "Call queues are not implemented yet." } },
      { status: 501 },
    );
  }
}
