// Turns query results into chart data: time series (makeTimeseries rows) and categories (summarize rows).
export interface TimeSeries {
  readonly start: number;
  readonly intervalMs: number;
  readonly series: readonly {
    readonly name: string;
    readonly values: readonly (number | null)[];
  }[];
}

export interface Category {
  readonly label: string;
  readonly value: number;
}

type Row = Record<string, unknown>;

const isTimeframe = (value: unknown): value is { start: string; end: string } =>
  typeof value === "object" && value !== null && "start" in value && "end" in value;

/** makeTimeseries output (one row per group, `timeframe`, `interval` in ns, arrays of values), or undefined. */
export function timeSeriesOf(records: readonly Row[]): TimeSeries | undefined {
  const first = records[0];
  if (first === undefined || !isTimeframe(first.timeframe) || first.interval === undefined)
    return undefined;
  const intervalMs = Number(first.interval) / 1e6;
  const start = Date.parse(first.timeframe.start);
  if (!Number.isFinite(intervalMs) || intervalMs <= 0 || !Number.isFinite(start)) return undefined;
  const series = records.flatMap((record) => {
    const arrays = Object.entries(record).filter(([, value]) => Array.isArray(value));
    const labels = Object.entries(record)
      .filter(([key, value]) => key !== "timeframe" && key !== "interval" && !Array.isArray(value))
      .map(([, value]) => (value === null || value === undefined ? "(none)" : String(value)));
    return arrays.map(([key, values]) => ({
      name: labels.length > 0 ? labels.join(" · ") + (arrays.length > 1 ? ` · ${key}` : "") : key,
      values: (values as unknown[]).map((value) => (typeof value === "number" ? value : null)),
    }));
  });
  return { start, intervalMs, series };
}

/** Label = the row's non-numeric fields, value = its first numeric field. */
export function categoriesOf(records: readonly Row[]): Category[] {
  return records.flatMap((record) => {
    const entries = Object.entries(record);
    const numeric = entries.find(([, value]) => typeof value === "number");
    if (numeric === undefined) return [];
    const label = entries
      .filter(([, value]) => typeof value !== "number")
      .map(([, value]) => (value === null || value === undefined ? "(none)" : String(value)))
      .join(" · ");
    return [{ label: label === "" ? numeric[0] : label, value: numeric[1] as number }];
  });
}

export function singleValueOf(
  records: readonly Row[],
): { label: string; value: unknown } | undefined {
  const first = records[0];
  if (first === undefined) return undefined;
  const entries = Object.entries(first);
  const entry = entries.find(([, value]) => typeof value === "number") ?? entries[0];
  return entry === undefined ? undefined : { label: entry[0], value: entry[1] };
}

/** Nice upper bound and tick step for an axis from 0 to `max`. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return { max: Math.ceil(max / step) * step, step };
}
