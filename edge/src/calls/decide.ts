/**
 * One decision of a PBX call: find the engine (the pointer's bundle on start, the
 * token's pinned bundle after), run one step, and fall back when anything fails.
 */
import type { Action, PbxEngine, StepInput } from "@switchboard/wasm";
import { EngineError } from "@switchboard/wasm";
import type { Budget } from "../budget.ts";
import {
  chooseBundle,
  discardEngine,
  engineFor,
  lastGoodEngine,
  readPointer,
  rememberGood,
  StoreFault,
} from "../bundle-store/index.ts";
import { queueStep } from "../call-queue/calls.ts";
import type { CallQueue } from "../call-queue/object.ts";
import { type FallbackReason, safeActions } from "../fallback.ts";
import type { CallState } from "../state-token/index.ts";
import type { CallRequest } from "./schema.ts";

export interface Decision {
  actions: Action[];
  /** What the next webhook of this call must bring back; null when the call is done. */
  next: CallState | null;
  bundle: string | null;
  tenant: string | null;
  node: string | null;
  decisionUs: number;
  fallback: boolean;
  reason?: FallbackReason;
}

export interface DecideContext {
  kv: KVNamespace;
  module: WebAssembly.Module;
  budget: Budget;
  /** The PBX queues (CALL_QUEUE); without it `enqueue` goes out with the host's defaults. */
  queues?: DurableObjectNamespace<CallQueue>;
  /** Reports how long a phase took, for Server-Timing. */
  timing(name: "kv" | "bundle" | "engine", ms: number): void;
  /**
   * The emergency answer when the call's `to` is an emergency number of
   * `country` (the bundle's or plan's, once loaded), else null.
   */
  emergencyIn?(country: string): Decision | null;
}

/** The call's first webhook: the number's pointer chooses the bundle. */
export async function decideStart(
  ctx: DecideContext,
  call: CallRequest,
  did: string,
  at: Date,
): Promise<Decision> {
  let hash: string | null = null;
  try {
    const started = performance.now();
    const pointer = await readPointer(ctx.kv, did, ctx.budget);
    ctx.timing("kv", performance.now() - started);
    if (!pointer) return refusal(call, "unknown_number", false);
    hash = chooseBundle(pointer, call.callId).hash;
    const decision = await runOn(ctx, hash, call, did, at, { node: null, retry: 0 });
    rememberGood(did, hash);
    return decision;
  } catch (error) {
    return recover(error, hash, call, did, at);
  }
}

/** A later webhook: the token pins the bundle and says where the call waits. */
export async function decideNext(
  ctx: DecideContext,
  call: CallRequest,
  state: CallState,
  at: Date,
): Promise<Decision> {
  try {
    const position = { node: state.node, retry: state.retry, queuedAt: state.queuedAt };
    const decision = await runOn(ctx, state.bundle, call, state.did, at, position);
    rememberGood(state.did, state.bundle);
    return decision;
  } catch (error) {
    return recover(error, state.bundle, call, state.did, at);
  }
}

async function runOn(
  ctx: DecideContext,
  hash: string,
  call: CallRequest,
  did: string,
  at: Date,
  position: { node: number | null; retry: number; queuedAt?: number | undefined },
): Promise<Decision> {
  const loadStarted = performance.now();
  const engine = await engineFor(ctx.kv, ctx.module, hash, ctx.budget);
  ctx.timing("bundle", performance.now() - loadStarted);
  const urgent = ctx.emergencyIn?.(engine.info.country);
  if (urgent) return urgent;
  try {
    const input = { ...stepInput(call, at), node: position.node, retry: position.retry };
    const run = (input: StepInput) => step(engine, hash, call, did, input);
    const { queues, budget } = ctx;
    const decision = queues
      ? await queueStep({ queues, budget }, engine, call.callId, input, position.queuedAt, run)
      : run(input);
    ctx.timing("engine", decision.decisionUs / 1000);
    return decision;
  } catch (error) {
    // After a trap the instance refuses further use; the next call loads it afresh.
    if (error instanceof EngineError) discardEngine(hash);
    throw error;
  }
}

function step(
  engine: PbxEngine,
  hash: string,
  call: CallRequest,
  did: string,
  input: StepInput,
): Decision {
  const started = performance.now();
  const result = engine.decide(input);
  const decisionUs = Math.round((performance.now() - started) * 1000);
  return {
    actions: result.actions,
    next:
      result.node === null
        ? null
        : { bundle: hash, node: result.node, retry: result.retry, callId: call.callId, did },
    bundle: hash,
    tenant: engine.info.tenant,
    node: result.answeredBy,
    decisionUs,
    fallback: false,
  };
}

function stepInput(call: CallRequest, at: Date): Omit<StepInput, "node" | "retry"> {
  return { event: call.event, from: call.from, to: call.to, at };
}

/**
 * The number's bundle failed: answer from the last bundle that answered for the
 * number in this isolate (entering it afresh: another bundle's node indexes mean
 * nothing), else refuse the call safely.
 */
function recover(
  error: unknown,
  failedHash: string | null,
  call: CallRequest,
  did: string,
  at: Date,
): Decision {
  const reason = reasonOf(error);
  console.error(
    JSON.stringify({
      msg: "decision failed",
      callId: call.callId,
      did,
      reason,
      error: String(error),
    }),
  );
  const good = call.event.type === "hangup" ? null : lastGoodEngine(did);
  if (good && good.hash !== failedHash) {
    try {
      const input = {
        ...stepInput(call, at),
        event: { type: "start" as const },
        node: null,
        retry: 0,
      };
      return { ...step(good.engine, good.hash, call, did, input), fallback: true, reason };
    } catch (fallbackError) {
      if (fallbackError instanceof EngineError) discardEngine(good.hash);
    }
  }
  return refusal(call, reason);
}

/** Refuses the call safely; `fallback` says whether a fault (not a missing rule) caused it. */
export function refusal(call: CallRequest, reason: FallbackReason, fallback = true): Decision {
  return {
    actions: safeActions(call.event),
    next: null,
    bundle: null,
    tenant: null,
    node: null,
    decisionUs: 0,
    fallback,
    reason,
  };
}

export function reasonOf(error: unknown): FallbackReason {
  if (error instanceof StoreFault) return error.reason;
  if (error instanceof EngineError) return "engine_error";
  return "internal_error";
}
