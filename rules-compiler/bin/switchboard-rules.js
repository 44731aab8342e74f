#!/usr/bin/env node
// The package ships TypeScript sources; tsx runs them on Node 20.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
const { processTerminal } = await import("../src/cli/terminal.ts");
process.exitCode = await main(process.argv.slice(2), processTerminal());
