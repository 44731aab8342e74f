// Which `match` case applies to the caller and called numbers. Byte compares
// only: the host wrote both numbers as ASCII into the input area.
import { Anonymity, InputByte, InputFlag, InputWord, MatchCaseField, RecordWords } from "./abi";
import { listLength, listWord, NONE, stringLength, stringPtr } from "./bundle";
import { INPUT, inputWord } from "./io";

/** The next node of the first case that holds, else `fallback`. */
export function matchCase(cases: u32, fallback: u32): u32 {
  const length = listLength(cases);
  for (let c: u32 = 0; c + RecordWords.MatchCase <= length; c += RecordWords.MatchCase) {
    if (caseHolds(cases, c)) return listWord(cases, c + MatchCaseField.Next);
  }
  return fallback;
}

function caseHolds(cases: u32, c: u32): bool {
  const anonymous = (inputWord(InputWord.Flags) & InputFlag.Anonymous) !== 0;
  const wanted = listWord(cases, c + MatchCaseField.Anonymous);
  if (wanted === Anonymity.Required && !anonymous) return false;
  if (wanted === Anonymity.Excluded && anonymous) return false;
  const from = INPUT + InputByte.From;
  const fromLength = inputWord(InputWord.FromLength);
  const to = INPUT + InputByte.To;
  const toLength = inputWord(InputWord.ToLength);
  return (
    anyString(listWord(cases, c + MatchCaseField.CallerPrefix), from, fromLength, true) &&
    anyString(listWord(cases, c + MatchCaseField.CallerIn), from, fromLength, false) &&
    anyString(listWord(cases, c + MatchCaseField.CalledIn), to, toLength, false)
  );
}

/** A list condition: absent (NONE) holds; else any string equals (or prefixes) the text. */
function anyString(list: u32, text: usize, textLength: u32, prefix: bool): bool {
  if (list === NONE) return true;
  const count = listLength(list);
  for (let i: u32 = 0; i < count; i++) {
    const str = listWord(list, i);
    const length = stringLength(str);
    const fits = prefix ? length <= textLength : length === textLength;
    if (fits && bytesEqual(stringPtr(str), text, length)) return true;
  }
  return false;
}

export function bytesEqual(a: usize, b: usize, length: u32): bool {
  for (let i: usize = 0; i < <usize>length; i++) {
    if (load<u8>(a + i) !== load<u8>(b + i)) return false;
  }
  return true;
}
