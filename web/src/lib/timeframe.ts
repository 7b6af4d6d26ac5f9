// Relative timeframes ("24h", "7d") and their absolute ISO bounds for the query API.
export interface TimeframeOption {
  readonly value: string;
  readonly label: string;
}

export const TIMEFRAMES: readonly TimeframeOption[] = [
  { value: "2h", label: "Last 2 hours" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
];

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMs(value: string): number {
  const match = /^(\d+)([mhd])$/.exec(value);
  if (match === null) return 86_400_000;
  return Number(match[1]) * (UNIT_MS[match[2] as string] ?? 0);
}

export function bounds(value: string, now: Date = new Date()): { from: string; to: string } {
  return {
    from: new Date(now.getTime() - durationMs(value)).toISOString(),
    to: now.toISOString(),
  };
}

export const timeframeLabel = (value: string) =>
  TIMEFRAMES.find((option) => option.value === value)?.label ?? `Last ${value}`;
