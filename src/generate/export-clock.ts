// Export time: records spread evenly over a few days, plus weekly per-subscription snapshot windows.
import type { Prng } from "./prng.js";
import { DAY_MS, HOUR_MS } from "./time-format.js";

/** The stream covers this much time, whatever the number of records. */
export const SPAN_MS = 6 * DAY_MS;
/** Part of the span spent in snapshot windows, and the share of snapshot records inside them. */
export const WINDOW_SHARE = 0.05;
export const SNAPSHOT_SHARE_IN_WINDOW = 0.6;

export interface SnapshotWindow {
  readonly subscriptionIndex: number;
  readonly startMs: number;
  readonly endMs: number;
}

export class ExportClock {
  private readonly startMs: number;
  private readonly records: number;
  private readonly windows: readonly SnapshotWindow[];

  constructor(startMs: number, records: number, subscriptionCount: number) {
    this.startMs = startMs;
    this.records = Math.max(records, 1);
    const length = (SPAN_MS * WINDOW_SHARE) / subscriptionCount;
    const windows: SnapshotWindow[] = [];
    // Each subscription's weekly snapshot falls on its own day, all within the first week.
    for (let s = 0; s < subscriptionCount; s++) {
      const offset = (s * SPAN_MS) / subscriptionCount + 9 * HOUR_MS;
      for (let at = startMs + offset; at < startMs + SPAN_MS; at += 7 * DAY_MS) {
        windows.push({ subscriptionIndex: s, startMs: at, endMs: at + length });
      }
    }
    this.windows = windows;
  }

  /** Export time of record `i` (evenly spread, with up to a minute of jitter). */
  timeAt(i: number, prng: Prng): number {
    return this.startMs + Math.floor((i * SPAN_MS) / this.records) + prng.int(60_000);
  }

  windowAt(ms: number): SnapshotWindow | undefined {
    return this.windows.find((w) => ms >= w.startMs && ms < w.endMs);
  }
}
