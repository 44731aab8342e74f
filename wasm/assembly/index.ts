// The exports of engine.wasm (docs/bundle-format.md, "Engine interface").
import { Abi } from "./abi";
import { reserve } from "./bundle";
import { decideStep } from "./decide";
import { KEY_STATE, MAC } from "./hmac";
import { INPUT, OUTPUT } from "./io";
import { loadBundle } from "./kinds";
import { decideMobile as decideMobileCall } from "./mobile";
import { RESULTS, rank as rankSearch } from "./rank";
import { loadShard as loadShardTable, reserveShard } from "./shard";
import { loadSnapshot as loadSnapshotTable, reserveSnapshot } from "./snapshot";

export function abiVersion(): u32 {
  return Abi.Version;
}

export function bundleAlloc(len: u32): usize {
  return reserve(len);
}

export function load(len: u32): i32 {
  return loadBundle(len);
}

export function shardAlloc(len: u32): usize {
  return reserveShard(len);
}

export function loadShard(len: u32): i32 {
  return loadShardTable(len);
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

export function decideMobile(): i32 {
  return decideMobileCall();
}

export function snapshotAlloc(len: u32): usize {
  return reserveSnapshot(len);
}

export function loadSnapshot(len: u32): i32 {
  return loadSnapshotTable(len);
}

export function resultsPtr(): usize {
  return RESULTS;
}

export function rank(): i32 {
  return rankSearch();
}

export { mac, macAlloc, macKey, macToken } from "./hmac";

export function macKeyStatePtr(): usize {
  return KEY_STATE;
}

export function macPtr(): usize {
  return MAC;
}
