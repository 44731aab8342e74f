// Generated PBXes for the compile benchmark: a tree of menus (9 options each) whose leaves
// cycle through every other node type, all sharing one voicemail and one hangup, so the file
// is valid, fully reachable and as wide as a real switchboard.
import { stringify } from "yaml";

export function generatedPbx(nodeCount: number, index = 0): string {
  const nodes: Record<string, unknown> = {
    entry: { type: "schedule", schedule: "office", open: "n1", closed: "vm" },
    vm: { type: "voicemail", mailbox: "general" },
    bye: { type: "hangup" },
  };
  const ids = Array.from({ length: Math.max(2, nodeCount - 3) }, (_, i) => `n${i + 1}`);
  const children = new Map<string, Record<string, string>>();
  let parent = 0;
  for (const id of ids.slice(1)) {
    let options = children.get(ids[parent] as string) ?? {};
    if (Object.keys(options).length === 9) {
      parent++;
      options = {};
    }
    options[String(Object.keys(options).length + 1)] = id;
    children.set(ids[parent] as string, options);
  }
  ids.forEach((id, i) => {
    const options = children.get(id);
    if (options) {
      nodes[id] = {
        type: "menu",
        prompt: { tts: `Menu ${id}: choose one of ${Object.keys(options).length} options.` },
        options,
        onNoInput: "vm",
        onInvalid: "bye",
      };
      return;
    }
    const agent = `+4670${String(i).padStart(7, "0")}`;
    nodes[id] = [
      { type: "connect", to: [agent], onBusy: "vm", onNoAnswer: "vm" },
      { type: "play", prompt: { tts: `Information ${id}.` }, next: "bye" },
      { type: "queue", queue: "agents" },
      { type: "match", cases: [{ when: { callerPrefix: ["+46"] }, next: "vm" }], default: "bye" },
      { type: "voicemail", mailbox: `box-${id}` },
    ][i % 5];
  });
  return stringify({
    apiVersion: "switchboard/v1",
    kind: "Pbx",
    metadata: { name: `generated-${nodeCount}-${index}`, tenant: "bench" },
    spec: {
      country: "SE",
      timezone: "Europe/Stockholm",
      language: "sv-SE",
      numbers: [`+4681${String(index).padStart(7, "0")}`],
      entry: "entry",
      schedules: { office: { weekly: { "mon-fri": ["08:00-17:00"] }, holidays: ["2026-12-25"] } },
      queues: { agents: { agents: ["+46700000001", "+46700000002"], onTimeout: "vm" } },
      nodes,
    },
  });
}
