// Parser fixtures: test/query/parse/*.txt blocks of "# name / query / ==> / compact AST or error: line:col message".
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/query/parser.js";
import { parseOutcome } from "./parse-outcome.js";
import { readTextBlocks } from "./text-blocks.js";

const blocks = readTextBlocks(join(import.meta.dirname, "parse"));

describe("DQL parser fixtures", () => {
  it("has fixtures", () => expect(blocks.length).toBeGreaterThan(20));
  for (const block of blocks) {
    it(`${block.file}: ${block.name}`, () => {
      expect(parseOutcome(block.input)).toBe(block.expected);
    });
  }
});

describe("source positions", () => {
  it("puts line and column on every node", () => {
    const query = parseQuery('fetch security.events\n| filter  a == "x"');
    const filter = query.commands[1]!;
    expect(filter.span.start).toMatchObject({ line: 2, column: 3 });
    if (filter.kind !== "filter") throw new Error("expected filter");
    expect(filter.condition.span.start).toMatchObject({ line: 2, column: 11 });
    expect(filter.condition.span.end).toMatchObject({ line: 2, column: 19 });
  });
});
