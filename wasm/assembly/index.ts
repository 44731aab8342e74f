// The exports of engine.wasm (docs/bundle-format.md, "Engine interface").
import { Abi } from "./abi";
import { reserve } from "./bundle";
import { decideStep } from "./decide";
import { INPUT, OUTPUT } from "./io";
import { validate } from "./validate";

export function abiVersion(): u32 {
  return Abi.Version;
}

export function bundleAlloc(len: u32): usize {
  return reserve(len);
}

export function load(len: u32): i32 {
  return validate(len);
}

export function inputPtr(): usize {
  return INPUT;
}

export function outputPtr(): usize {
  return OUTPUT;
}

export function decide(): i32 {
  return decideStep();
}
