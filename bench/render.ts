// npx tsx bench/render.ts: re-renders BENCHMARKS.md from bench/results/latest.json (after editing bench/notes.ts or report.ts; figures unchanged).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RunResults, renderReport } from "./report.js";

const root = join(import.meta.dirname, "..");
const results = JSON.parse(
  readFileSync(join(root, "bench", "results", "latest.json"), "utf8"),
) as RunResults;
writeFileSync(join(root, "BENCHMARKS.md"), renderReport(results));
process.stderr.write("bench: BENCHMARKS.md re-rendered from bench/results/latest.json\n");
