// Regenerates the expected records of test/query/eval/*.test from DuckDB (run: npx tsx test/query/update-eval-expected.ts). Review the diff: PostgreSQL must agree in the test.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { evalEvents } from "./eval-events.js";
import { evalOutcome } from "./eval-harness.js";
import { formatTextBlocks, parseTextBlocks } from "./text-blocks.js";

const dir = join(import.meta.dirname, "eval");
const tmp = mkdtempSync(join(tmpdir(), "vigil-eval-update-"));
const store = await openDuckDbStore(join(tmp, "eval.duckdb"));
await store.append(evalEvents());
for (const file of readdirSync(dir).filter((name) => name.endsWith(".test"))) {
  const blocks = parseTextBlocks(file, readFileSync(join(dir, file), "utf8"));
  const updated = [];
  for (const block of blocks)
    updated.push({ ...block, expected: await evalOutcome(store, block.input, block.flags) });
  writeFileSync(join(dir, file), formatTextBlocks(updated));
}
await store.close();
rmSync(tmp, { recursive: true, force: true });
