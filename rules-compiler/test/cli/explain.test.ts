import { describe, expect, it } from "vitest";
import { cli, repo } from "./run-cli.ts";

const florist = repo("rules/examples/florist.yaml");
const call = (file: string, ...args: string[]) =>
  cli(["explain", file, "--from", "+46701112233", ...args]);

describe("switchboard-rules explain", () => {
  it("walks an open-hours call through the menu to the shop and voicemail, saying why", async () => {
    const run = await call(
      florist,
      "--at",
      "2026-11-25T10:00:00+01:00",
      "--digits",
      "1",
      "--events",
      "busy",
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(
      `${florist}: a call from +46701112233 to +46812345678, Wed 2026-11-25 10:00 Europe/Stockholm`,
    );
    expect(run.stdout).toContain(
      "hours      schedule `opening` is open: Wed 10:00 is within mon-fri 09:00-18:00 (Europe/Stockholm) → main_menu",
    );
    expect(run.stdout).toContain('main_menu  digit "1" → shop');
    expect(run.stdout).toContain(
      "shop       dials +46701234567 (simultaneous, 25 s) and waits for dial_result",
    );
    expect(run.stdout).toContain(
      '⇒ connect {"to":["+46701234567"],"strategy":"simultaneous","timeoutSec":25}',
    );
    expect(run.stdout).toContain("shop       busy → voicemail (onBusy)");
    expect(run.stdout).toContain(
      "The call waits at voicemail: add --events recording_done to go on",
    );
  });

  it("names the holiday that closes the shop", async () => {
    const run = await call(
      florist,
      "--at",
      "2026-12-25T10:00:00+01:00",
      "--events",
      "recording_done",
    );
    expect(run.stdout).toContain("schedule `opening` is closed: 2026-12-25 is a holiday");
    expect(run.stdout).toContain("voicemail  message recorded → hangs up");
    expect(run.stdout).toContain("The call has ended.");
  });

  it("explains retries and the fallback of a dial result without its own handler", async () => {
    const run = await call(
      repo("rules/examples/office.yaml"),
      "--from",
      "+46870014242",
      "--at",
      "2026-11-26T09:00:00+01:00",
      "--events",
      "failed,no_input,digits:5,no_input",
    );
    expect(run.stdout).toContain("screening     case 5 matches (caller +4687001…) → partner_desk");
    expect(run.stdout).toContain(
      "partner_desk  failed: no onFailed, falls back to onNoAnswer → office_hours",
    );
    expect(run.stdout).toContain("menu  no input (retry 1 of 2); asks again");
    expect(run.stdout).toContain('menu  "5" is not an option (retry 2 of 2); asks again');
    expect(run.stdout).toMatch(/menu +no input, no retries left → reception \(onNoInput\)/);
  });

  it("lists what it did not use once the call ended", async () => {
    const run = await call(florist, "--at", "2026-11-25T10:00:00+01:00", "--digits", "2,1");
    expect(run.stdout).toContain("opening_hours  plays “Vi har öppet måndag till fr…” → goodbye");
    expect(run.stdout).toContain('Not used: digits "1"');
  });

  it("needs --at with an offset and --from, and known events", async () => {
    expect((await cli(["explain", florist, "--from", "+46701112233"])).stderr).toContain(
      "--at is required",
    );
    const noOffset = await call(florist, "--at", "2026-11-25T10:00:00");
    expect(noOffset.code).toBe(2);
    expect(noOffset.stderr).toContain("give an ISO time with offset");
    const event = await call(florist, "--at", "2026-11-25T10:00:00Z", "--events", "bussy");
    expect(event.code).toBe(2);
    expect(event.stderr).toContain('unknown event "bussy"');
    const keys = await call(florist, "--at", "2026-11-25T10:00:00Z", "--digits", "1,x");
    expect(keys.code).toBe(2);
    expect(keys.stderr).toContain('--digits "x": keys are 0-9, * and #');
  });
});
