// The JSON shapes of SPEC §4 that the host produces and consumes.

export type Prompt = { audio: string } | { tts: string; language: string };

export type Action =
  | {
      type: "connect";
      to: string[];
      strategy: "simultaneous" | "sequential";
      timeoutSec: number;
      callerId?: string;
      /**
       * Mobile only (a documented extension of SPEC §4, docs/edge.md): where the
       * carrier's switch forwards the call when the subscriber is busy, does not
       * answer within `timeoutSec`, or cannot be reached. Mobile calls get one
       * answer, so the conditions travel with it.
       */
      forward?: Forwarding;
    }
  | { type: "play"; prompt: Prompt; loop?: number }
  | { type: "gather"; prompt?: Prompt; maxDigits: number; timeoutSec: number; finishOnKey?: string }
  | { type: "enqueue"; queue: string; position: number; holdPrompt?: Prompt; pollSec: number }
  | { type: "voicemail"; mailbox: string; greeting?: Prompt; maxSec: number }
  | { type: "reject"; reason: "busy" | "rejected" | "unavailable" }
  | { type: "hangup" };

export interface Forwarding {
  busy?: string;
  noAnswer?: string;
  unreachable?: string;
}

export type CallEvent =
  | { type: "start" }
  | { type: "digits"; digits: string }
  | { type: "no_input" }
  | { type: "dial_result"; status: "answered" | "busy" | "no_answer" | "failed" | "unreachable" }
  | { type: "queue_poll" }
  | { type: "prompt_done" }
  | { type: "recording_done"; url?: string; durationSec?: number }
  | { type: "hangup"; cause?: string }
  | { type: "queue_timeout" };

export interface StepInput {
  event: CallEvent;
  /** The node the call waits at (from the continuation token); null on start. */
  node: number | null;
  retry: number;
  from: string;
  to: string;
  at: Date;
}

/** Frozen: an engine hands out the same Step again when a later step's output is the same. */
export interface Step {
  actions: Action[];
  /** The node the call now waits at; null when the call needs no further answer. */
  node: number | null;
  retry: number;
  /** Id of the node that produced the answer (for `meta.node`); "" when none did. */
  answeredBy: string;
  /** Node entries this decision used (at most 64). */
  steps: number;
}

export interface PbxInfo {
  tenant: string;
  name: string;
  country: string;
  language: string;
  timezone: string;
  numbers: string[];
  nodes: string[];
}
