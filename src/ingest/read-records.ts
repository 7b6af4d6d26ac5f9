// Reads Defender input (a JSON document, an array, or NDJSON) from a stream into records with positions.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { unwrapDocument } from "./unwrap-document.js";

/** Where a record came from: the source name, its 1-based line (NDJSON), and index in a list. */
export interface RecordPosition {
  readonly source: string;
  readonly line?: number;
  readonly index?: number;
}

export type InputItem =
  | {
      readonly kind: "record";
      readonly record: unknown;
      readonly rawText: string;
      readonly position: RecordPosition;
    }
  | {
      readonly kind: "malformed";
      readonly rawText: string;
      readonly message: string;
      readonly position: RecordPosition;
    };

export interface ReadOptions {
  /** Largest whole (non-NDJSON) document read into memory, in bytes. */
  readonly maxDocumentBytes: number;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = { maxDocumentBytes: 256 * 1024 * 1024 };

/** Items of one text (an HTTP body, an Event Hubs message, a small file): document first, else NDJSON. */
export function readRecordsFromText(text: string, source: string): InputItem[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  try {
    return fromDocument(JSON.parse(trimmed), trimmed, { source });
  } catch {
    return text.split("\n").flatMap((line, index) => fromLine(line, { source, line: index + 1 }));
  }
}

/**
 * Streams items from `input`. NDJSON is read line by line in bounded memory; a document that spans
 * several lines (a pretty-printed object or array) is read whole, up to `maxDocumentBytes`.
 * A line that is not JSON becomes a `malformed` item; the others are read as usual.
 */
export async function* readRecords(
  input: Readable,
  source: string,
  options: ReadOptions = DEFAULT_READ_OPTIONS,
): AsyncGenerator<InputItem> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let mode: "detect" | "ndjson" | "document" = "detect";
  const buffered: string[] = [];
  let bufferedBytes = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (mode === "ndjson") {
      // A plain loop, not `yield*`: delegating to an array from an async generator wraps every
      // item in an async-from-sync iterator (extra promises per record).
      for (const item of fromLine(line, { source, line: lineNumber })) yield item;
      continue;
    }
    if (mode === "detect") {
      if (line.trim() === "") continue;
      if (parsesAlone(line)) {
        mode = "ndjson";
        for (const item of fromLine(line, { source, line: lineNumber })) yield item;
        continue;
      }
      mode = "document";
    }
    buffered.push(line);
    bufferedBytes += line.length + 1;
    if (bufferedBytes > options.maxDocumentBytes) {
      yield {
        kind: "malformed",
        rawText: buffered.join("\n").slice(0, 4096),
        message: `the document is larger than ${options.maxDocumentBytes} bytes and is not NDJSON: split it into one record per line`,
        position: { source, line: 1 },
      };
      lines.close();
      input.destroy();
      return;
    }
  }
  if (mode === "document") yield* readBufferedDocument(buffered, source);
}

function* readBufferedDocument(lines: string[], source: string): Generator<InputItem> {
  const text = lines.join("\n");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Not one document: treat each line as NDJSON so good lines survive a bad one.
    for (let index = 0; index < lines.length; index += 1) {
      yield* fromLine(lines[index] ?? "", { source, line: index + 1 });
    }
    return;
  }
  yield* fromDocument(document, text, { source, line: 1 });
}

function fromLine(line: string, position: RecordPosition): InputItem[] {
  const trimmed = line.trim();
  if (trimmed === "") return [];
  let document: unknown;
  try {
    document = JSON.parse(trimmed);
  } catch (error) {
    return [
      {
        kind: "malformed",
        rawText: line,
        message: `not valid JSON: ${(error as Error).message}`,
        position,
      },
    ];
  }
  return fromDocument(document, trimmed, position);
}

function fromDocument(document: unknown, text: string, position: RecordPosition): InputItem[] {
  return unwrapDocument(document).map(({ record, index, whole }) => ({
    kind: "record",
    record,
    rawText: whole ? text : JSON.stringify(record),
    position: index === undefined ? position : { ...position, index },
  }));
}

function parsesAlone(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
