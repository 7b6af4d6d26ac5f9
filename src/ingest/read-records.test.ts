import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openInput } from "./open-input.js";
import { type InputItem, readRecords, readRecordsFromText } from "./read-records.js";

async function collect(text: string | Buffer, gz = false): Promise<InputItem[]> {
  const items: InputItem[] = [];
  const stdin = Readable.from([gz ? gzipSync(text) : Buffer.from(text)]);
  for await (const item of readRecords(openInput("-", stdin), "input")) items.push(item);
  return items;
}

const a = { type: "A", id: "1" };
const b = { type: "B", id: "2" };

describe("readRecords", () => {
  it("reads NDJSON line by line, keeping each line's text", async () => {
    const items = await collect(`${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`);
    expect(items.map((item) => item.kind === "record" && item.record)).toEqual([a, b]);
    expect(items.map((item) => item.position.line)).toEqual([1, 3]);
    expect(items[0]?.rawText).toBe(JSON.stringify(a));
  });

  it("keeps good lines around a malformed one", async () => {
    const items = await collect(`${JSON.stringify(a)}\n{"type": "A", "id\n${JSON.stringify(b)}`);
    expect(items.map((item) => item.kind)).toEqual(["record", "malformed", "record"]);
    expect(items[1]?.position).toEqual({ source: "input", line: 2 });
  });

  it("reads a pretty-printed document whole, and unwraps records, value and data lists", async () => {
    for (const key of ["records", "value", "data"]) {
      const items = await collect(JSON.stringify({ [key]: [a, b] }, null, 2));
      expect(items.map((item) => item.kind === "record" && item.record)).toEqual([a, b]);
      expect(items.map((item) => item.position.index)).toEqual([0, 1]);
    }
  });

  it("reads a pretty-printed array and a REST example document", async () => {
    expect((await collect(JSON.stringify([a, b], null, 2))).length).toBe(2);
    const example = { parameters: {}, responses: { "200": { body: a } } };
    const items = await collect(JSON.stringify(example, null, 2));
    expect(items.map((item) => item.kind === "record" && item.record)).toEqual([a]);
  });

  it("falls back to per-line reading when a multi-line document does not parse", async () => {
    const items = await collect(`{\n${JSON.stringify(a)}\n`);
    expect(items.map((item) => item.kind)).toEqual(["malformed", "record"]);
  });

  it("reads gzip input", async () => {
    const items = await collect(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`, true);
    expect(items.length).toBe(2);
  });

  it("reads a single text (an HTTP body or an Event Hubs message) the same way", () => {
    expect(readRecordsFromText(JSON.stringify([a, b]), "body").length).toBe(2);
    expect(readRecordsFromText(`${JSON.stringify(a)}\n${JSON.stringify(b)}`, "body").length).toBe(
      2,
    );
    expect(readRecordsFromText("nope", "body")[0]?.kind).toBe("malformed");
  });
});
