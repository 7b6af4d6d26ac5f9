// Figures: the median of several runs with min and max, and timing helpers.

export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function figure(samples: readonly number[]): Figure {
  if (samples.length === 0)
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `work` `runs` times and returns each duration in milliseconds. */
export async function timeRuns(
  runs: number,
  work: () => Promise<unknown> | unknown,
): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    durations.push(performance.now() - started);
  }
  return durations;
}

/** A throughput figure (units per second) from durations in ms for `units` each. */
export function rate(units: number, durationsMs: readonly number[]): Figure {
  return figure(durationsMs.map((ms) => (units * 1000) / ms));
}

export function ratio(value: Figure, floor: Figure): number {
  return value.median / floor.median;
}

/** How many times to time a query: up to `runs`, but only `minRuns` once they took `budgetMs` or agree. */
export interface RunPlan {
  readonly runs: number;
  readonly minRuns: number;
  /** Stop after `minRuns` once the timed runs took this long together. */
  readonly budgetMs: number;
  /** Stop after `minRuns` (and at least 2 runs) once max − min is within this share of the median (e.g. 0.1). */
  readonly spread: number;
  /**
   * Whether the hand SQL gets a warm-up of its own. Without one, the DQL's warm-up and runs just
   * read the same tables for the same answer; at a million findings on PostgreSQL a warm-up is
   * seconds per query.
   */
  readonly sqlWarmUp: boolean;
}

/**
 * Like `timeRuns`, but stops early (never before `plan.minRuns`) when the runs so far took the time
 * budget or agree within `plan.spread`: a query of seconds at a million findings needs fewer repeats
 * than one of milliseconds for the same confidence in its median.
 */
export async function timeRunsPlanned(
  plan: RunPlan,
  work: () => Promise<unknown> | unknown,
): Promise<number[]> {
  const durations: number[] = [];
  let total = 0;
  while (durations.length < plan.runs) {
    const started = performance.now();
    await work();
    const ms = performance.now() - started;
    durations.push(ms);
    total += ms;
    if (durations.length < plan.minRuns) continue;
    if (total >= plan.budgetMs) break;
    const { median, min, max } = figure(durations);
    if (durations.length >= 2 && max - min <= plan.spread * median) break;
  }
  return durations;
}
