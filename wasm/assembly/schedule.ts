// Is a schedule open at the call's local time? The host wrote, for each
// META time zone, the local minute of the week and the local date.
import { InputWord, ScheduleField } from "./abi";
import { listLength, listWord, scheduleWord } from "./bundle";
import { inputWord } from "./io";

export function isOpen(schedule: u32): bool {
  const zone = <i32>scheduleWord(schedule, ScheduleField.Timezone);
  const minute = inputWord(InputWord.FirstTimezone + 2 * zone);
  const date = inputWord(InputWord.FirstTimezone + 2 * zone + 1);
  const holidays = scheduleWord(schedule, ScheduleField.Holidays);
  const holidayCount = listLength(holidays);
  for (let i: u32 = 0; i < holidayCount; i++) {
    if (listWord(holidays, i) === date) return false;
  }
  const intervals = scheduleWord(schedule, ScheduleField.Intervals);
  const bounds = listLength(intervals);
  for (let i: u32 = 0; i + 1 < bounds; i += 2) {
    if (minute >= listWord(intervals, i) && minute < listWord(intervals, i + 1)) return true;
  }
  return false;
}
