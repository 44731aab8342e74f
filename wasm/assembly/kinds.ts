// `load` for every kind: a Pbx goes to validate.ts; a MobilePlan, a Country or a
// Ranking is placed in the MAIN table and every field of its kind section checked
// (a Ranking's in ranking.ts).
import {
  Abi,
  ActionField,
  BundleKind,
  CountryField,
  ErrorCode,
  Header,
  MobileField,
  Opcode,
  PromptField,
  PromptKind,
  RecordWords,
} from "./abi";
import { bundleAt, bundleRoom, markLoaded, NONE } from "./bundle";
import { forgetOutputs } from "./io";
import { checkRanking } from "./ranking";
import { clearShard } from "./shard";
import { clearSnapshot } from "./snapshot";
import { checkHeader, MAIN } from "./table";
import { validate } from "./validate";

export function loadBundle(length: u32): i32 {
  markLoaded(false);
  MAIN.kind = 0;
  clearShard();
  clearSnapshot();
  forgetOutputs();
  const header = checkHeader(bundleAt, bundleRoom, length);
  if (header !== ErrorCode.Ok) return header;
  const kind = <u32>load<u16>(bundleAt + Header.Kind);
  if (kind === BundleKind.Pbx) return validate(length);
  if (
    kind !== BundleKind.MobilePlan &&
    kind !== BundleKind.Country &&
    kind !== BundleKind.Ranking
  ) {
    return ErrorCode.NotPbx;
  }
  let code = MAIN.place(bundleAt, bundleRoom, length, kind);
  if (code === ErrorCode.Ok && !MAIN.blobsInside()) code = ErrorCode.BadBounds;
  if (code === ErrorCode.Ok) {
    code =
      kind === BundleKind.MobilePlan
        ? checkPlan()
        : kind === BundleKind.Country
          ? checkCountry()
          : checkRanking();
  }
  if (code !== ErrorCode.Ok) MAIN.kind = 0;
  return code;
}

function checkPlan(): i32 {
  if (MAIN.kindLength !== <u32>MobileField.Words * 4) return ErrorCode.BadBounds;
  for (let f: u32 = MobileField.Tenant; f <= <u32>MobileField.CallingCode; f++) {
    if (!MAIN.isString(MAIN.kindWord(f))) return ErrorCode.BadReference;
  }
  const zones = MAIN.kindWord(MobileField.Timezones);
  if (!MAIN.isStringList(zones) || !MAIN.isStringList(MAIN.kindWord(MobileField.PremiumPrefixes))) {
    return ErrorCode.BadReference;
  }
  for (let f: u32 = MobileField.Voicemail; f <= <u32>MobileField.Unreachable; f++) {
    if (!MAIN.isStringOrNone(MAIN.kindWord(f))) return ErrorCode.BadReference;
  }
  const zoneCount = MAIN.listLength(zones);
  const timeout = MAIN.kindWord(MobileField.NoAnswerTimeoutSec);
  const ok =
    zoneCount >= 1 &&
    zoneCount <= <u32>Abi.MaxTimezones &&
    MAIN.kindWord(MobileField.BarInternational) <= 1 &&
    timeout >= 5 &&
    timeout <= 120;
  return ok ? ErrorCode.Ok : ErrorCode.BadRecord;
}

function checkCountry(): i32 {
  if (MAIN.kindLength !== <u32>CountryField.Words * 4) return ErrorCode.BadBounds;
  if (
    !MAIN.isString(MAIN.kindWord(CountryField.Code)) ||
    !MAIN.isString(MAIN.kindWord(CountryField.CallingCode)) ||
    !MAIN.isString(MAIN.kindWord(CountryField.Timezone)) ||
    !MAIN.isString(MAIN.kindWord(CountryField.Currency)) ||
    !MAIN.isString(MAIN.kindWord(CountryField.DataRegion))
  ) {
    return ErrorCode.BadReference;
  }
  const emergency = MAIN.kindWord(CountryField.EmergencyNumbers);
  const languages = MAIN.kindWord(CountryField.Languages);
  if (
    !MAIN.isStringOrNone(MAIN.kindWord(CountryField.NationalPrefix)) ||
    !MAIN.isStringList(emergency) ||
    !MAIN.isStringList(languages)
  ) {
    return ErrorCode.BadReference;
  }
  const count = MAIN.kindWord(CountryField.FallbackCount);
  if (
    MAIN.listLength(emergency) < 1 ||
    MAIN.listLength(languages) < 1 ||
    count < 1 ||
    count > <u32>CountryField.MaxFallbacks
  ) {
    return ErrorCode.BadRecord;
  }
  const prompts = checkPrompts();
  if (prompts !== ErrorCode.Ok) return prompts;
  for (let k: u32 = 0; k < count; k++) {
    const code = checkFallback(CountryField.FirstFallback + k * RecordWords.Action);
    if (code !== ErrorCode.Ok) return code;
  }
  return ErrorCode.Ok;
}

function checkPrompts(): i32 {
  for (let p: u32 = 0; p < MAIN.promptCount; p++) {
    const kind = MAIN.promptWord(p, PromptField.Kind);
    if (kind !== PromptKind.Audio && kind !== PromptKind.Tts) return ErrorCode.BadRecord;
    if (!MAIN.isString(MAIN.promptWord(p, PromptField.A))) return ErrorCode.BadReference;
    if (kind === PromptKind.Tts && !MAIN.isString(MAIN.promptWord(p, PromptField.B))) {
      return ErrorCode.BadReference;
    }
  }
  return ErrorCode.Ok;
}

/** One fallback action, in the output action encoding, at word `at` of COUNTRY. */
function checkFallback(at: u32): i32 {
  const opcode = MAIN.kindWord(at);
  let refs: bool = true;
  let values: bool = true;
  if (opcode === Opcode.Connect) {
    refs =
      MAIN.isStringList(MAIN.kindWord(at + ActionField.ConnectTargets)) &&
      MAIN.isStringOrNone(MAIN.kindWord(at + ActionField.ConnectCallerId));
    values = MAIN.kindWord(at + ActionField.ConnectStrategy) <= 1;
  } else if (opcode === Opcode.Play) {
    refs = MAIN.kindWord(at + ActionField.PlayPrompt) < MAIN.promptCount;
  } else if (opcode === Opcode.Voicemail) {
    const greeting = MAIN.kindWord(at + ActionField.VoicemailGreeting);
    refs =
      MAIN.isString(MAIN.kindWord(at + ActionField.VoicemailMailbox)) &&
      (greeting === NONE || greeting < MAIN.promptCount);
  } else if (opcode === Opcode.Reject) {
    values = MAIN.kindWord(at + ActionField.RejectReason) <= 2;
  } else {
    values = opcode === Opcode.Hangup;
  }
  if (!values) return ErrorCode.BadRecord;
  return refs ? ErrorCode.Ok : ErrorCode.BadReference;
}
