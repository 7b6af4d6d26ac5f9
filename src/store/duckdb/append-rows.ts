// Writes staged rows through DuckDB's appender: one typed call per value, no text round trip.
import {
  type DuckDBAppender,
  DuckDBTimestampValue,
  LIST,
  listValue,
  VARCHAR,
} from "@duckdb/node-api";
import type { Column } from "../columns.js";
import type { StagedRow } from "../staging-rows.js";
import { StoreError } from "../store-error.js";

const STRING_LIST = LIST(VARCHAR);

/** Appends every row; a value that does not fit its column's type is reported with row and column. */
export function appendRows(
  appender: DuckDBAppender,
  columns: readonly Column[],
  rows: readonly StagedRow[],
): void {
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as StagedRow;
    for (const column of columns) {
      const value = row[column.name];
      if (value === undefined || value === null) appender.appendNull();
      else appendValue(appender, column, value, index);
    }
    appender.endRow();
  }
}

function appendValue(appender: DuckDBAppender, column: Column, value: unknown, row: number): void {
  switch (column.type) {
    case "string":
      appender.appendVarchar(typeof value === "string" ? value : JSON.stringify(value));
      return;
    case "double":
      if (typeof value !== "number") throw badValue(column, value, row);
      appender.appendDouble(value);
      return;
    case "boolean":
      if (typeof value !== "boolean") throw badValue(column, value, row);
      appender.appendBoolean(value);
      return;
    case "timestamp":
      appender.appendTimestamp(new DuckDBTimestampValue(isoToMicros(column, value, row)));
      return;
    case "string[]":
      if (!Array.isArray(value)) throw badValue(column, value, row);
      appender.appendList(listValue(value.map(String)), STRING_LIST);
      return;
    case "json":
      appender.appendVarchar(JSON.stringify(value));
      return;
  }
}

/** Microseconds since the epoch of an ISO-8601 time, keeping up to six fraction digits. */
export function isoToMicros(column: Column, value: unknown, row: number): bigint {
  if (typeof value !== "string") throw badValue(column, value, row);
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw badValue(column, value, row);
  const fraction = /T\d\d:\d\d:\d\d\.(\d+)/.exec(value)?.[1] ?? "";
  const subMillis = Number((fraction.slice(3, 6) || "0").padEnd(3, "0"));
  return BigInt(millis) * 1000n + BigInt(subMillis);
}

function badValue(column: Column, value: unknown, row: number): StoreError {
  return new StoreError(
    "STORE_INVALID_VALUE",
    `row ${row + 1}: ${column.name} must be a ${column.type}, got ${JSON.stringify(value)?.slice(0, 80)}`,
  );
}
