// Prints query records as a table, JSON, NDJSON or CSV.

export type RecordFormat = "table" | "json" | "ndjson" | "csv";
export const RECORD_FORMATS: readonly RecordFormat[] = ["table", "json", "ndjson", "csv"];

type Row = Record<string, unknown>;

function columnsOf(records: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) columns.add(key);
  return [...columns];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function formatRecords(
  records: readonly Row[],
  format: RecordFormat,
  maxCellWidth = 60,
): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(records, null, 2)}\n`;
    case "ndjson":
      return records.map((record) => `${JSON.stringify(record)}\n`).join("");
    case "csv": {
      const columns = columnsOf(records);
      const quote = (text: string) =>
        /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
      return [
        columns.map(quote).join(","),
        ...records.map((record) => columns.map((column) => quote(cell(record[column]))).join(",")),
      ]
        .map((line) => `${line}\n`)
        .join("");
    }
    case "table": {
      const columns = columnsOf(records);
      if (columns.length === 0) return "(no records)\n";
      const clip = (text: string) =>
        text.length > maxCellWidth ? `${text.slice(0, maxCellWidth - 1)}…` : text;
      const rows = records.map((record) =>
        columns.map((column) => clip(cell(record[column]).replaceAll("\n", " "))),
      );
      const widths = columns.map((column, index) =>
        Math.max(clip(column).length, ...rows.map((row) => row[index]!.length)),
      );
      const line = (cells: readonly string[]) =>
        cells
          .map((text, index) => text.padEnd(widths[index]!))
          .join("  ")
          .trimEnd();
      return [
        line(columns.map(clip)),
        line(widths.map((width) => "-".repeat(width))),
        ...rows.map(line),
      ]
        .map((text) => `${text}\n`)
        .join("");
    }
  }
}
