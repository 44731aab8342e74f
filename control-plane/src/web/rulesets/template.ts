/** The first draft of a new rule set: a small Pbx that compiles, to be changed by its admin. */
export function newRulesetSource(tenant: string, name: string): string {
  return `apiVersion: switchboard/v1
kind: Pbx
metadata:
  name: ${name}
  tenant: ${tenant}
spec:
  country: SE
  timezone: Europe/Stockholm
  language: sv-SE
  numbers: ["+46800000000"] # the numbers (E.164) this rule set answers
  entry: welcome

  nodes:
    welcome:
      type: play
      prompt: { tts: "Welcome. Nobody can take your call right now." }
      next: goodbye
    goodbye:
      type: hangup
`;
}
