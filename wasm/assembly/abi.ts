// The engine ABI of docs/bundle-format.md as plain enums. Both the engine
// (AssemblyScript) and the JS host (TypeScript) import this file, so the two
// sides cannot drift apart. Only enums live here: they compile in both.

export enum Abi {
  Version = 1,
  HeaderBytes = 32,
  SectionEntryBytes = 12,
  MaxActions = 16,
  /** Slots of the output memo (`OutputWord.Repeat`), a power of two: a decision's slot is its answering node's low bits. */
  OutputMemoSlots = 64,
  StepBudget = 64,
  MaxTimezones = 8,
  MaxAsciiLength = 32,
  MinutesPerWeek = 10080,
  /** Far above any bundle the compiler writes; keeps address math in 32 bits. */
  MaxBundleBytes = 67108864,
}

export enum Header {
  Magic = 0,
  Version = 4,
  Kind = 6,
  TotalLength = 8,
  SectionCount = 12,
  SectionTable = 16,
}

export enum BundleKind {
  Pbx = 1,
  MobilePlan = 2,
  Country = 3,
  Ranking = 4,
  SubscriberShard = 5,
  Snapshot = 6,
}

export enum Section {
  Strings = 1,
  Lists = 2,
  Nodes = 3,
  Prompts = 4,
  Schedules = 5,
  Queues = 6,
  Meta = 7,
  Mobile = 8,
  Subscribers = 9,
  Country = 10,
  Ranking = 11,
  SnapshotMeta = 20,
  Openings = 21,
  Ads = 22,
  Tokens = 23,
  Postings = 24,
  Text = 25,
}

/** Words per record of each table, after its u32 count. */
export enum RecordWords {
  String = 2,
  List = 2,
  Node = 10,
  Prompt = 3,
  Schedule = 3,
  Queue = 7,
  Meta = 8,
  MatchCase = 5,
  Action = 8,
}

export enum NodeType {
  Schedule = 1,
  Menu = 2,
  Connect = 3,
  Queue = 4,
  Play = 5,
  Voicemail = 6,
  Match = 7,
  Hangup = 8,
  Reject = 9,
}

/** Word index of each node field (word 0 is the type). */
export enum NodeField {
  ScheduleSchedule = 1,
  ScheduleOpen = 2,
  ScheduleClosed = 3,
  MenuPrompt = 1,
  MenuTimeoutSec = 2,
  MenuRetries = 3,
  MenuOptions = 4,
  MenuOnNoInput = 5,
  MenuOnInvalid = 6,
  MenuMaxDigits = 7,
  MenuFinishOnKey = 8,
  ConnectTargets = 1,
  ConnectStrategy = 2,
  ConnectTimeoutSec = 3,
  ConnectCallerId = 4,
  ConnectOnBusy = 5,
  ConnectOnNoAnswer = 6,
  ConnectOnFailed = 7,
  QueueQueue = 1,
  PlayPrompt = 1,
  PlayNext = 2,
  PlayLoop = 3,
  VoicemailMailbox = 1,
  VoicemailGreeting = 2,
  VoicemailMaxSec = 3,
  MatchCases = 1,
  MatchDefault = 2,
  RejectReason = 1,
}

export enum MatchCaseField {
  Next = 0,
  CallerPrefix = 1,
  CallerIn = 2,
  Anonymous = 3,
  CalledIn = 4,
}

export enum Anonymity {
  Any = 0,
  Required = 1,
  Excluded = 2,
}

export enum PromptKind {
  Audio = 1,
  Tts = 2,
}

export enum PromptField {
  Kind = 0,
  A = 1,
  B = 2,
}

export enum ScheduleField {
  Timezone = 0,
  Intervals = 1,
  Holidays = 2,
}

export enum QueueField {
  Name = 0,
  Agents = 1,
  Strategy = 2,
  MaxWaitSec = 3,
  AnnouncePosition = 4,
  HoldPrompt = 5,
  OnTimeout = 6,
}

export enum MetaField {
  Entry = 0,
  Tenant = 1,
  Name = 2,
  Country = 3,
  Language = 4,
  Timezones = 5,
  Numbers = 6,
  NodeNames = 7,
}

export enum EventCode {
  Start = 1,
  Digits = 2,
  NoInput = 3,
  DialResult = 4,
  QueuePoll = 5,
  PromptDone = 6,
  RecordingDone = 7,
  Hangup = 8,
  QueueTimeout = 9,
}

export enum DialStatus {
  None = 0,
  Answered = 1,
  Busy = 2,
  NoAnswer = 3,
  Failed = 4,
  Unreachable = 5,
}

export enum InputWord {
  Event = 0,
  Node = 1,
  Retry = 2,
  DialStatus = 3,
  Flags = 4,
  DigitsLength = 5,
  FromLength = 6,
  ToLength = 7,
  TimezoneCount = 8,
  FirstTimezone = 9,
}

export enum InputByte {
  Digits = 128,
  From = 160,
  To = 192,
  Size = 224,
}

export enum InputFlag {
  Anonymous = 1,
}

export enum OutputWord {
  Status = 0,
  Node = 1,
  Retry = 2,
  ActionCount = 3,
  AnsweredBy = 4,
  Steps = 5,
  /** 1 when this output repeats the last one recorded in its answering node's memo slot. */
  Repeat = 6,
  FirstAction = 8,
}

export enum Opcode {
  Connect = 1,
  Play = 2,
  Gather = 3,
  Enqueue = 4,
  Voicemail = 5,
  Reject = 6,
  Hangup = 7,
}

/** Word index of each action field (word 0 is the opcode). */
export enum ActionField {
  ConnectTargets = 1,
  ConnectStrategy = 2,
  ConnectTimeoutSec = 3,
  ConnectCallerId = 4,
  PlayPrompt = 1,
  PlayLoop = 2,
  GatherPrompt = 1,
  GatherMaxDigits = 2,
  GatherTimeoutSec = 3,
  GatherFinishOnKey = 4,
  EnqueueQueue = 1,
  VoicemailMailbox = 1,
  VoicemailGreeting = 2,
  VoicemailMaxSec = 3,
  RejectReason = 1,
  /** The node whose record this is (NONE: the hangup at a walk's end); decide output only. */
  Source = 7,
}

export enum ConnectStrategy {
  Simultaneous = 0,
  Sequential = 1,
}

export enum RejectReason {
  Busy = 0,
  Rejected = 1,
  Unavailable = 2,
}

export enum ErrorCode {
  Ok = 0,
  BadMagic = -1,
  BadAbiVersion = -2,
  BadBounds = -3,
  BadReference = -4,
  /** A bundle of a kind this export does not run (load: Ranking or unknown; decide: not a Pbx). */
  NotPbx = -5,
  BadRecord = -6,
  NotLoaded = -10,
  BadInput = -11,
  StepBudget = -12,
  TooManyActions = -13,
  /** decideMobile without a loaded SubscriberShard, or loadShard of another kind. */
  NoShard = -14,
  /** rank() before a Ranking and a snapshot are loaded, or loadSnapshot of another kind. */
  NoSnapshot = -15,
  /** Host only: the instance trapped (or aborted); it refuses further use. */
  Trapped = -20,
}

// ---- MobilePlan, SubscriberShard and Country (docs/bundle-format.md) ----

/** Word index of each field of the MOBILE section (a MobilePlan bundle). */
export enum MobileField {
  Tenant = 0,
  Name = 1,
  Country = 2,
  CallingCode = 3,
  Timezones = 4,
  BarInternational = 5,
  PremiumPrefixes = 6,
  NoAnswerTimeoutSec = 7,
  Voicemail = 8,
  Busy = 9,
  NoAnswer = 10,
  Unreachable = 11,
  Words = 12,
}

/** The head of the SUBSCRIBERS section (a SubscriberShard). */
export enum ShardHead {
  Tenant = 0,
  Plan = 1,
  Prefix = 2,
  Timezones = 3,
  Count = 4,
  Words = 5,
}

/** Word index of each field of a subscriber record. */
export enum SubscriberField {
  Number = 0,
  Unconditional = 1,
  Busy = 2,
  NoAnswer = 3,
  Unreachable = 4,
  NoAnswerTimeoutSec = 5,
  DoNotDisturb = 6,
  Blocklist = 7,
  Words = 8,
}

export enum ShardLimit {
  MaxSubscribers = 100,
  MinTimeoutSec = 5,
  MaxTimeoutSec = 120,
}

/** Word index of each field of the COUNTRY section. */
export enum CountryField {
  Code = 0,
  CallingCode = 1,
  NationalPrefix = 2,
  EmergencyNumbers = 3,
  Timezone = 4,
  Languages = 5,
  Currency = 6,
  DataRegion = 7,
  FallbackCount = 8,
  FirstFallback = 9,
  MaxFallbacks = 4,
  Words = 41,
}

/** Input word 0 of `decideMobile`: whose rules apply. */
export enum Direction {
  /** `to` is the subscriber. */
  Inbound = 1,
  /** `from` is the subscriber. */
  Outbound = 2,
}

/** Output words of `decideMobile` (the words after Status). */
export enum MobileOutput {
  Status = 0,
  /** `1` connect, `2` reject. */
  Outcome = 1,
  RejectReason = 2,
  /** String refs (below): the number to connect, then the forwarding targets. */
  Target = 3,
  TimeoutSec = 4,
  Busy = 5,
  NoAnswer = 6,
  Unreachable = 7,
  /** Which rule decided (MobileRule). */
  Rule = 8,
  Words = 9,
}

export enum MobileOutcome {
  Connect = 1,
  Reject = 2,
}

/** Which rule of the plan or the subscriber decided a mobile call. */
export enum MobileRule {
  NotSubscriber = 1,
  Blocklist = 2,
  DoNotDisturb = 3,
  Unconditional = 4,
  Subscriber = 5,
  BarredPremium = 6,
  BarredInternational = 7,
  Outbound = 8,
}

/**
 * A string ref in mobile output: the top two bits say where the string is
 * (0 the shard's STRINGS, 1 the plan's STRINGS, 2 the input's called number),
 * the rest is the index. NONE (all ones) is no string.
 */
export enum StringRef {
  Shard = 0,
  Plan = 0x40000000,
  Called = 0x80000000,
  IndexMask = 0x3fffffff,
}

/** Ring time of an outbound mobile call: the called party's network forwards, not us. */
export enum MobileDefault {
  OutboundTimeoutSec = 60,
}

// ---- Marketplace search: Ranking bundles and snapshots (docs/marketplace.md) ----

/** Word index of each field of the RANKING section (weights and fractions × 10⁶). */
export enum RankingField {
  Tenant = 0,
  Name = 1,
  Country = 2,
  Category = 3,
  WeightText = 4,
  WeightDistance = 5,
  WeightRating = 6,
  WeightResponse = 7,
  WeightFreshness = 8,
  HalfLifeDays = 9,
  MaxDistanceKm = 10,
  Slots = 11,
  QualityFloor = 12,
  ReservePrice = 13,
  Words = 14,
}

export enum RankingLimit {
  FixedPoint = 1000000,
  MaxWeight = 1000000000,
  MaxHalfLifeDays = 3650,
  MaxDistanceKm = 20000,
  MaxSlots = 10,
  MaxSlotPosition = 100,
}

/** Words of SNAPSHOT_META. */
export enum SnapshotMeta {
  Count = 0,
  Country = 1,
  Category = 2,
  Currency = 3,
  CreatedAtMinute = 4,
  TokenCount = 5,
  AdCount = 6,
  PostingsBytes = 7,
  Words = 8,
}

/** The arrays of OPENINGS, in order, each N words. */
export enum OpeningArray {
  LatE6 = 0,
  LonE6 = 1,
  RadiusM = 2,
  PublishedMinute = 3,
  PriceMinor = 4,
  /** ratingE3 in bits 0–15, responseE3 in bits 16–31 */
  Scores = 5,
  /** title token count in bits 0–15, description token count in bits 16–31 */
  Lengths = 6,
  Id = 7,
  Provider = 8,
  Title = 9,
  Media = 10,
  Count = 11,
}

/** Words of an ADS record. */
export enum AdField {
  Opening = 0,
  Campaign = 1,
  BidMinor = 2,
  QualityE3 = 3,
  PacingE3 = 4,
  Words = 5,
}

/** Words of a TOKENS record. */
export enum TokenField {
  String = 0,
  Df = 1,
  Form = 2,
  Start = 3,
  Words = 4,
}

export enum PostingsForm {
  /** Blocks of varints (docs/marketplace.md, "POSTINGS"). */
  List = 1,
  Bitmap = 2,
}

export enum PackedList {
  BlockEntries = 64,
  /** A block header: first opening, end of its bytes. */
  HeaderBytes = 8,
}

/** The TEXT section: its head, the symbol records, the codes that are not symbols. */
export enum TextLayout {
  Count = 0,
  SymbolCount = 4,
  FirstSymbol = 8,
  SymbolBytes = 12,
  MaxSymbolLength = 8,
  MaxSymbols = 254,
  Uuid = 254,
  Escape = 255,
}

export enum SnapshotLimit {
  MaxOpenings = 4194304,
  MaxRadiusM = 20000000,
  MaxRatingE3 = 5000,
  MaxFractionE3 = 1000,
  MaxLatE6 = 90000000,
  MaxLonE6 = 180000000,
}

/** Input words of `rank` (at `inputPtr`). */
export enum RankInput {
  LatE6 = 0,
  LonE6 = 1,
  Limit = 2,
  NowMinute = 3,
  TokenCount = 4,
  /** token ids (TOKENS indexes; NONE for a word the snapshot lacks) */
  FirstToken = 5,
  MaxTokens = 8,
  MaxLimit = 100,
}

/** Output words of `rank` (at `resultsPtr`): a head, then one record per result. */
export enum RankOutput {
  Status = 0,
  Count = 1,
  /** openings that passed every filter (text, distance) */
  Matched = 2,
  /** ads that could enter the auction (eligible) */
  Eligible = 3,
  /** openings the scan looked at: the work done */
  Scanned = 4,
  FirstResult = 8,
}

/** Words of a result record, in position order. */
export enum ResultField {
  Opening = 0,
  /** bit 0: sponsored */
  Flags = 1,
  CpcMinor = 2,
  DistanceM = 3,
  /** organic score × 10⁶ */
  ScoreE6 = 4,
  /** the ADS record of a sponsored result, else NONE */
  Ad = 5,
  Words = 6,
}
