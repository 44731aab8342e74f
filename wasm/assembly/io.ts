// The fixed input and output areas shared with the host (static data, so
// no allocation ever happens for them).
import { Abi, ActionField, InputByte, OutputWord, RecordWords } from "./abi";

export const INPUT: usize = memory.data(InputByte.Size, 16);
export const OUTPUT: usize = memory.data(
  (OutputWord.FirstAction + Abi.MaxActions * RecordWords.Action) * 4,
  16,
);

export function inputWord(index: i32): u32 {
  return load<u32>(INPUT + ((<usize>index) << 2));
}

export function outputWord(index: u32, value: u32): void {
  store<u32>(OUTPUT + ((<usize>index) << 2), value);
}

/** Address of action slot `k` in the output area. */
export function actionAt(k: u32): usize {
  return OUTPUT + ((<usize>(OutputWord.FirstAction + k * RecordWords.Action)) << 2);
}

/** One output memo slot: word 0 a valid flag, words 1–5 output words 1–5, then each action's source. */
const MEMO_SOURCES: u32 = 6;
const MEMO_WORDS: u32 = MEMO_SOURCES + Abi.MaxActions;
const MEMO: usize = memory.data(Abi.OutputMemoSlots * MEMO_WORDS * 4, 16);

/** Forgets every recorded output (a new bundle's nodes are other nodes). */
export function forgetOutputs(): void {
  memory.fill(MEMO, 0, Abi.OutputMemoSlots * MEMO_WORDS * 4);
}

/**
 * Whether the output just written repeats the last one recorded in its slot; if not,
 * records it. An action record is fixed by the node that emitted it (decide.ts, `emit`),
 * so the output words and each action's source decide equality; the host then reuses what
 * it built from that output instead of reading every word.
 */
export function repeatsOutput(): bool {
  const count = load<u32>(OUTPUT + ((<usize>OutputWord.ActionCount) << 2));
  const slot =
    load<u32>(OUTPUT + ((<usize>OutputWord.AnsweredBy) << 2)) & (Abi.OutputMemoSlots - 1);
  const memo = MEMO + <usize>(slot * MEMO_WORDS) * 4;
  let same = load<u32>(memo) === 1;
  for (let w: u32 = OutputWord.Node; w <= <u32>OutputWord.Steps; w++) {
    const word = load<u32>(OUTPUT + ((<usize>w) << 2));
    if (load<u32>(memo + ((<usize>w) << 2)) !== word) {
      same = false;
      store<u32>(memo + ((<usize>w) << 2), word);
    }
  }
  for (let k: u32 = 0; k < count; k++) {
    const source = load<u32>(actionAt(k) + ((<usize>ActionField.Source) << 2));
    const at = memo + ((<usize>(MEMO_SOURCES + k)) << 2);
    if (load<u32>(at) !== source) {
      same = false;
      store<u32>(at, source);
    }
  }
  store<u32>(memo, 1);
  return same;
}
