// Display formatting for cells, numbers and times.
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function formatNumber(value: number): string {
  return number.format(value);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return ISO.test(value) ? formatTime(value) : value;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(formatCell).join(", ");
  return JSON.stringify(value);
}

export function relativeTime(iso: string | undefined, now: number = Date.now()): string {
  if (iso === undefined) return "never";
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}
