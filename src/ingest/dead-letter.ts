// Turns a rejected record into a dead letter: where it came from, why, and its raw bytes (capped) for replay.
import { createHash } from "node:crypto";
import {
  type DeadLetter,
  type DeadLetterKind,
  MAX_DEAD_LETTER_RAW_CHARS,
} from "../store/metadata-store.js";
import type { ItemResult } from "./map-item.js";

export interface RejectedInput {
  readonly source: string;
  readonly kind: DeadLetterKind;
  readonly position?: Readonly<Record<string, string | number>>;
  readonly reason: string;
  readonly field?: string;
  readonly message: string;
  readonly raw: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

/**
 * A dead letter with a deterministic id (source, position and raw text), so that re-importing the
 * same file or a redelivered message does not keep the same rejection twice.
 */
export function toDeadLetter(input: RejectedInput, receivedAt: string): DeadLetter {
  const truncated = input.raw.length > MAX_DEAD_LETTER_RAW_CHARS;
  const id = createHash("sha256")
    .update(`${input.source}\n${JSON.stringify(input.position ?? {})}\n`)
    .update(input.raw)
    .digest("hex")
    .slice(0, 32);
  return {
    id,
    receivedAt,
    source: input.source,
    kind: input.kind,
    reason: input.reason,
    message: input.message,
    raw: truncated ? input.raw.slice(0, MAX_DEAD_LETTER_RAW_CHARS) : input.raw,
    rawBytes: Buffer.byteLength(input.raw),
    truncated,
    attempts: 0,
    ...(input.position === undefined ? {} : { position: input.position }),
    ...(input.field === undefined ? {} : { field: input.field }),
    ...(input.context === undefined ? {} : { context: input.context }),
  };
}

/** The rejected input of a Defender record the mapper rejected (file, HTTP body): its line/index, reason and raw text. */
export function rejectedDefenderRecord(
  result: Extract<ItemResult, { status: "rejected" }>,
  source: string,
  context: Readonly<Record<string, unknown>>,
): RejectedInput {
  return {
    source,
    kind: "defender",
    position: {
      ...(result.position.line === undefined ? {} : { line: result.position.line }),
      ...(result.position.index === undefined ? {} : { index: result.position.index }),
    },
    reason: result.reason,
    message: result.message,
    raw: result.rawText,
    context,
    ...(result.field === undefined ? {} : { field: result.field }),
  };
}
