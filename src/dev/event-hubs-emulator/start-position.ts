// The `apache.org:selector-filter:string` start positions the SDK sends, parsed and resolved on a partition.
import type { PartitionLog } from "./partition-log.js";

/** Where a receiver starts, as its selector filter says. */
export type StartPosition =
  | { readonly kind: "earliest" }
  | { readonly kind: "latest" }
  | { readonly kind: "offset"; readonly offset: number; readonly inclusive: boolean }
  | { readonly kind: "sequence"; readonly sequenceNumber: number; readonly inclusive: boolean }
  | { readonly kind: "enqueued-time"; readonly timeMs: number; readonly inclusive: boolean };

/** The filter's name on a receiver's source. */
export const SELECTOR_FILTER = "apache.org:selector-filter:string";

const SELECTOR =
  /^\s*amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time)\s*(>=|>)\s*'?\s*(-?[0-9]+|@latest)\s*'?\s*$/i;

/**
 * Parses `amqp.annotation.x-opt-offset > '<offset>'` (also `>=`, `'-1'` = earliest, `'@latest'`),
 * `amqp.annotation.x-opt-sequence-number > N` and `amqp.annotation.x-opt-enqueued-time > <ms>`
 * (values quoted or not). Returns `undefined` for anything else; no filter means earliest.
 */
export function parseSelector(selector: string | undefined): StartPosition | undefined {
  if (selector === undefined) return { kind: "earliest" };
  const match = SELECTOR.exec(selector);
  if (match === null) return undefined;
  const [, field = "", operator, value = ""] = match;
  const inclusive = operator === ">=";
  if (value.toLowerCase() === "@latest") {
    return field.toLowerCase() === "offset" ? { kind: "latest" } : undefined;
  }
  const number = Number(value);
  if (!Number.isSafeInteger(number)) return undefined;
  switch (field.toLowerCase()) {
    case "offset":
      return number < 0 ? { kind: "earliest" } : { kind: "offset", offset: number, inclusive };
    case "sequence-number":
      return { kind: "sequence", sequenceNumber: number, inclusive };
    default:
      return { kind: "enqueued-time", timeMs: number, inclusive };
  }
}

/**
 * The sequence number of the first event a receiver attached now with `position` gets; it can be
 * past the end (the receiver waits), and more than one past the end for a sequence number the
 * partition has not reached (the caller refuses that, as Azure does).
 */
export function firstSequenceNumber(position: StartPosition, log: PartitionLog): number {
  switch (position.kind) {
    case "earliest":
      return 0;
    case "latest":
      return log.count;
    case "offset":
      return log.firstAfterOffset(position.offset, position.inclusive);
    case "sequence":
      return Math.max(position.sequenceNumber + (position.inclusive ? 0 : 1), 0);
    case "enqueued-time":
      return log.firstAfterTime(position.timeMs - (position.inclusive ? 1 : 0));
  }
}
