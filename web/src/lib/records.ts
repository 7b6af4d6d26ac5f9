// Result records: their columns, comparison for sorting, and CSV/JSON export text.
import type { QueryResult } from "../api/query";

export function columnsOf(records: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const record of records.slice(0, 500)) for (const key of Object.keys(record)) seen.add(key);
  return [...seen];
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(typeof a === "object" ? JSON.stringify(a) : a).localeCompare(
    String(typeof b === "object" ? JSON.stringify(b) : b),
    undefined,
    { numeric: true },
  );
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(records: readonly Record<string, unknown>[]): string {
  const columns = columnsOf(records);
  const lines = [columns.map(csvCell).join(",")];
  for (const record of records)
    lines.push(columns.map((column) => csvCell(record[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export const toJson = (result: QueryResult) => `${JSON.stringify(result.records, null, 2)}\n`;

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
