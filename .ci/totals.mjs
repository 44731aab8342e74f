// Prints the plain totals line CI reads, from vitest's JSON report, and exits
// with the test command's status (a run that wrote no report counts as failed).
import { existsSync, readFileSync } from "node:fs";

const [report, statusArg] = process.argv.slice(2);
const status = Number(statusArg ?? 1);
if (!existsSync(report)) {
  console.log(`no test report at ${report} (the test command exited ${status})`);
  console.log("0 passed, 1 failed");
  process.exit(status || 1);
}
const r = JSON.parse(readFileSync(report, "utf8"));
// A test file that failed before any test ran (an import error) counts as one failure.
const brokenFiles = (r.testResults ?? []).filter(
  (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
).length;
const failed = r.numFailedTests + brokenFiles;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${r.numPassedTests} passed, ${failed} failed`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
