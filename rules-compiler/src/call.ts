/**
 * One simulated call on the real engine: the continuation state (waiting node, retry) is
 * carried between steps the way the edge carries it in its signed token.
 */
import { type CallEvent, PbxEngine, type Step } from "@switchboard/wasm";
import { loadEngineModule as compileEngine } from "@switchboard/wasm/node";

let engineModule: Promise<WebAssembly.Module> | undefined;

/** The engine is compiled once per process, from wasm/build/engine.wasm. */
export function loadEngineModule(): Promise<WebAssembly.Module> {
  engineModule ??= compileEngine().catch((error: unknown) => {
    throw new Error(
      `cannot load the engine (${error instanceof Error ? error.message : String(error)}); build it with: npm run build -w @switchboard/wasm`,
    );
  });
  return engineModule;
}

export async function loadEngine(bundle: Uint8Array): Promise<PbxEngine> {
  return PbxEngine.load(await loadEngineModule(), bundle);
}

export interface CallParty {
  from: string;
  to: string;
  at: Date;
}

export class Call {
  node: number | null = null;
  retry = 0;

  constructor(
    readonly engine: PbxEngine,
    readonly party: CallParty,
  ) {}

  /** Id of the node the call waits at, or null when it needs no further answer. */
  get waitingAt(): string | null {
    return this.node === null ? null : (this.engine.info.nodes[this.node] ?? null);
  }

  /** Sends one event; throws the engine's EngineError (e.g. an event after the call ended). */
  step(event: CallEvent): Step {
    const step = this.engine.decide({
      event,
      node: event.type === "start" ? null : this.node,
      retry: event.type === "start" ? 0 : this.retry,
      ...this.party,
    });
    this.node = step.node;
    this.retry = step.retry;
    return step;
  }
}

/** An event as a reader says it: start, digits "1", dial_result busy. */
export function describeEvent(event: CallEvent): string {
  if (event.type === "digits") return `digits "${event.digits}"`;
  if (event.type === "dial_result") return `dial_result ${event.status}`;
  return event.type;
}
