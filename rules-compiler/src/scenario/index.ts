/**
 * `@switchboard/rules-compiler/scenarios`: scenario runs on the real engine. A separate entry
 * because it loads the engine's .wasm from disk (Node only), which the compiler itself never does.
 */
export { describeEvent } from "../call.ts";
export {
  runScenarioFile,
  runScenarios,
  type ScenarioFileOutcome,
  type ScenarioOutcome,
  type StepFailure,
} from "./run.ts";
