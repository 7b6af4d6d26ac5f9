// Regenerates test/query/sql/<dialect>.txt from the queries they hold (run: npx tsx test/query/update-sql-golden.ts); review the diff.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIALECTS, sqlGolden } from "./sql-golden.js";
import { formatTextBlocks, parseTextBlocks } from "./text-blocks.js";

for (const [file, dialect] of Object.entries(GOLDEN_DIALECTS)) {
  const path = join(import.meta.dirname, "sql", file);
  const blocks = parseTextBlocks(file, readFileSync(path, "utf8"));
  writeFileSync(
    path,
    formatTextBlocks(blocks.map((b) => ({ ...b, expected: sqlGolden(b.input, dialect) }))),
  );
  console.log(`updated ${path}`);
}
