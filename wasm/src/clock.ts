// Local time per time zone, as the engine wants it: minute of the week
// (Monday 00:00 = 0) and the date as yyyymmdd. The host has Intl and the IANA
// database; the engine does not. Formatters are built once per bundle and
// results cached per minute, so a decide rarely formats anything.
import { Abi, InputWord } from "../assembly/abi.ts";

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const MINUTE_MS = 60_000;

export class LocalClock {
  readonly #formats: Intl.DateTimeFormat[];
  /** Two words per zone for the cached minute. */
  readonly #words: Uint32Array;
  /** Start (epoch ms) of the minute #words hold; NaN before the first. */
  #minuteStart = Number.NaN;

  /** Throws RangeError for a time zone this runtime does not know. */
  constructor(timezones: readonly string[]) {
    this.#formats = timezones.map(
      (timeZone) =>
        new Intl.DateTimeFormat("en-US", {
          timeZone,
          hourCycle: "h23",
          weekday: "short",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
        }),
    );
    this.#words = new Uint32Array(this.#formats.length * 2);
  }

  /**
   * Writes the zone count and, for each zone in order, the local minute of the week and the
   * local yyyymmdd at `time` (epoch ms) into the engine's input words.
   */
  writeInput(time: number, input: Uint32Array): void {
    this.#update(time);
    const words = this.#words;
    input[InputWord.TimezoneCount] = words.length / 2;
    // A loop: TypedArray.set costs more than the handful of words it copies.
    for (let i = 0; i < words.length; i++) input[InputWord.FirstTimezone + i] = words[i] as number;
  }

  /**
   * As writeInput, but writes nothing while `time` is in the minute last written: for an
   * input area whose time words only this clock writes (the words stay between steps).
   */
  writeInputOnChange(time: number, input: Uint32Array): void {
    if (!this.#holds(time)) this.writeInput(time, input);
  }

  #holds(time: number): boolean {
    return time >= this.#minuteStart && time < this.#minuteStart + MINUTE_MS;
  }

  #update(time: number): void {
    if (this.#holds(time)) return;
    for (const [zone, format] of this.#formats.entries()) this.#local(format, time, zone);
    this.#minuteStart = Math.floor(time / MINUTE_MS) * MINUTE_MS;
  }

  #local(format: Intl.DateTimeFormat, time: number, zone: number): void {
    let weekday = 0;
    let date = 0;
    let minuteOfDay = 0;
    for (const part of format.formatToParts(time)) {
      const value = Number(part.value);
      if (part.type === "weekday") weekday = WEEKDAYS[part.value] ?? 0;
      else if (part.type === "year") date += value * 10000;
      else if (part.type === "month") date += value * 100;
      else if (part.type === "day") date += value;
      else if (part.type === "hour") minuteOfDay += (value % 24) * 60;
      else if (part.type === "minute") minuteOfDay += value;
    }
    this.#words[zone * 2] = (weekday * 1440 + minuteOfDay) % Abi.MinutesPerWeek;
    this.#words[zone * 2 + 1] = date;
  }
}
