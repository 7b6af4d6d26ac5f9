// Public API: a seeded, deterministic stream of realistic Defender for Cloud continuous-export records.
import { ExportClock, SNAPSHOT_SHARE_IN_WINDOW } from "./export-clock.js";
import { GenerationContext } from "./generation-context.js";
import { type GeneratedKind, type GeneratedRecord, STREAMING_KINDS } from "./kind-mix.js";
import { hashString, Prng } from "./prng.js";
import { RecordFactory } from "./record-factory.js";

export type { Expectation, GeneratedKind, GeneratedRecord } from "./kind-mix.js";
export { ALL_KINDS, expectationOf, KIND_PERCENT } from "./kind-mix.js";

export interface GenerateOptions {
  /** Number of records (lines) to generate. */
  records: number;
  /** Any integer; the same options always give byte-identical output. */
  seed: number;
  /** ISO timestamp the stream starts at; default `2026-11-01T00:00:00Z`. */
  startTime?: string;
}

export const DEFAULT_START_TIME = "2026-11-01T00:00:00Z";

/** Folds any safe integer into 32 bits without losing the high part. */
function seed32(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  return hashString(String(seed), 0x9747b28c);
}

export function* generateDefenderRecords(options: GenerateOptions): Generator<GeneratedRecord> {
  const { records } = options;
  if (!Number.isSafeInteger(records) || records < 0) {
    throw new RangeError(`records must be a non-negative integer, got ${records}`);
  }
  const startTime = options.startTime ?? DEFAULT_START_TIME;
  const startMs = Date.parse(startTime);
  if (Number.isNaN(startMs))
    throw new RangeError(`startTime is not a valid ISO timestamp: ${startTime}`);
  if (records === 0) return;

  const seed = seed32(options.seed);
  const ctx = new GenerationContext(seed, startMs);
  const factory = new RecordFactory(ctx);
  const clock = new ExportClock(startMs, records, ctx.fleet.subscriptions.length);
  const prng = new Prng(seed, 0x6a09e667, 0xbb67ae85, 0x3c6ef372);
  for (let i = 0; i < records; i++) {
    const nowMs = clock.timeAt(i, prng);
    const window = clock.windowAt(nowMs);
    const kind: GeneratedKind =
      window && prng.chance(SNAPSHOT_SHARE_IN_WINDOW) ? "snapshot" : STREAMING_KINDS.pick(prng);
    yield factory.build(kind, prng, nowMs, window);
  }
}
