// Golden DQL → SQL fixtures per dialect (test/query/sql/*.txt); regenerate with test/query/update-sql-golden.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIALECTS, sqlGolden } from "./sql-golden.js";
import { parseTextBlocks } from "./text-blocks.js";

describe("DQL → SQL golden fixtures", () => {
  for (const [file, dialect] of Object.entries(GOLDEN_DIALECTS)) {
    const blocks = parseTextBlocks(
      file,
      readFileSync(join(import.meta.dirname, "sql", file), "utf8"),
    );
    it(`${file} has fixtures`, () => expect(blocks.length).toBeGreaterThan(3));
    for (const block of blocks) {
      it(`${file}: ${block.name}`, () => {
        expect(sqlGolden(block.input, dialect)).toBe(block.expected);
      });
    }
  }
});

describe("no user text in SQL", () => {
  it("binds every literal and never splices a string", () => {
    const sneaky = `fetch security.events | filter component.name == "x'; DROP TABLE events; --" | fields \`a"b\` = 1`;
    for (const dialect of Object.values(GOLDEN_DIALECTS)) {
      const sql = sqlGolden(sneaky, dialect).split("\n-- params:")[0]!;
      expect(sql).not.toContain("DROP TABLE");
      expect(sql).toContain('"a""b"');
    }
  });
});
