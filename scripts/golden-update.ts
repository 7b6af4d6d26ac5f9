// Regenerates the Defender golden files (fixtures/defender/*.expected.json). Review the diff before committing.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  expectedPathOf,
  formatExpected,
  goldenInputs,
  runGolden,
} from "../test/golden/defender-golden.js";

let changed = 0;
for (const input of goldenInputs()) {
  const path = expectedPathOf(input);
  const next = formatExpected((await runGolden(input)).output);
  const previous = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (previous !== next) {
    writeFileSync(path, next);
    changed += 1;
    console.log(`${previous === undefined ? "created" : "updated"} ${path}`);
  }
}
console.log(`${changed} expected file(s) changed; review them with git diff before committing.`);
