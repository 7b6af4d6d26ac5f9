#!/usr/bin/env node
// Entry point of the `vigil` command: runs the compiled CLI (built by `npm ci` through `prepare`).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv);
