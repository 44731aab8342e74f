// The fixed input and output areas shared with the host (static data, so
// no allocation ever happens for them).
import { Abi, InputByte, OutputWord, RecordWords } from "./abi";

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
