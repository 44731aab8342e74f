/**
 * The one answer of a mobile call (SPEC §4: mobile calls get one answer, and
 * `state` is null). The subscriber's shard pointer names the plan and the shard;
 * the engine decides; any fault falls back to the last plan and shard that
 * answered for the subscriber's shard here, else to a safe refusal.
 */
import { EngineError, type MobileEngine } from "@switchboard/wasm";
import { loadBundle } from "../bundle-store/index.ts";
import { type DecideContext, type Decision, reasonOf, refusal } from "../calls/decide.ts";
import type { CallRequest } from "../calls/schema.ts";
import {
  discardMobile,
  lastGoodShard,
  planEngine,
  readShardPointer,
  rememberGoodShard,
  type ShardPointer,
  shardBytes,
  shardKeyOf,
} from "./store.ts";

const E164 = /^\+\d{8,15}$/;

export async function decideMobile(
  ctx: DecideContext,
  call: CallRequest,
  at: Date,
): Promise<Decision> {
  // The call has ended: nothing to say, nothing to read.
  if (call.event.type === "hangup") return ended();
  const subscriber = call.direction === "inbound" ? call.to : call.from;
  if (!E164.test(subscriber)) return refusal(call, "unknown_subscriber", false);
  const key = shardKeyOf(subscriber);
  let pointer: ShardPointer | null = null;
  try {
    const started = performance.now();
    pointer = await readShardPointer(ctx.kv, key, ctx.budget);
    ctx.timing("kv", performance.now() - started);
    if (!pointer) return refusal(call, "unknown_subscriber", false);
    const decision = await runOn(ctx, call, at, pointer);
    rememberGoodShard(key, pointer);
    return decision;
  } catch (error) {
    const reason = reasonOf(error);
    console.error(
      JSON.stringify({
        msg: "mobile decision failed",
        callId: call.callId,
        key,
        reason,
        error: String(error),
      }),
    );
    if (pointer && error instanceof EngineError) discardMobile(pointer);
    const good = lastGoodShard(key);
    if (good && (good.plan !== pointer?.plan || good.bundle !== pointer?.bundle)) {
      try {
        return { ...(await runOn(ctx, call, at, good)), fallback: true, reason };
      } catch (fallbackError) {
        if (fallbackError instanceof EngineError) discardMobile(good);
      }
    }
    return refusal(call, reason);
  }
}

async function runOn(
  ctx: DecideContext,
  call: CallRequest,
  at: Date,
  pointer: ShardPointer,
): Promise<Decision> {
  const loadStarted = performance.now();
  const [engine, shard] = await Promise.all([
    planEngine(ctx.kv, ctx.module, pointer.plan, ctx.budget),
    shardBytes(ctx.kv, pointer.bundle, ctx.budget),
  ]);
  ctx.timing("bundle", performance.now() - loadStarted);
  const urgent = ctx.emergencyIn?.(engine.info.country);
  if (urgent) return urgent;
  const started = performance.now();
  const input = { direction: call.direction, from: call.from, to: call.to, at };
  // A shard the engine refuses is corrupt data, like a bundle.
  const result = loadBundle(pointer.bundle, () => engine.decide(input, shard));
  const decisionUs = Math.round((performance.now() - started) * 1000);
  ctx.timing("engine", decisionUs / 1000);
  if (result.rule === "not_subscriber") return refusal(call, "unknown_subscriber", false);
  return answered(engine, pointer, result.action, result.rule, decisionUs);
}

function ended(): Decision {
  return {
    actions: [],
    next: null,
    bundle: null,
    tenant: null,
    node: null,
    decisionUs: 0,
    fallback: false,
  };
}

function answered(
  engine: MobileEngine,
  pointer: ShardPointer,
  action: Decision["actions"][number],
  rule: string,
  decisionUs: number,
): Decision {
  return {
    actions: [action],
    next: null,
    bundle: pointer.plan,
    tenant: engine.info.tenant,
    node: rule,
    decisionUs,
    fallback: false,
  };
}
