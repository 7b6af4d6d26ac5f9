// What differs between the SQL engines Vigil stores into: identifier quoting, types, placeholders.
import type { FieldType } from "../model/field-catalog.js";

export interface SqlDialect {
  readonly name: "duckdb" | "postgres";
  /** SQL type of a catalog field type, or of JSON. */
  columnType(type: FieldType | "json"): string;
  /** The n-th (1-based) bound parameter. */
  placeholder(index: number): string;
}

/** Quotes an identifier (field names contain dots): `finding.id` → `"finding.id"`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export const DUCKDB_DIALECT: SqlDialect = {
  name: "duckdb",
  columnType: (type) =>
    ({
      string: "VARCHAR",
      double: "DOUBLE",
      boolean: "BOOLEAN",
      timestamp: "TIMESTAMP",
      "string[]": "VARCHAR[]",
      json: "JSON",
    })[type],
  placeholder: (index) => `$${index}`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  name: "postgres",
  columnType: (type) =>
    ({
      string: "TEXT",
      double: "DOUBLE PRECISION",
      boolean: "BOOLEAN",
      timestamp: "TIMESTAMPTZ",
      "string[]": "TEXT[]",
      json: "JSONB",
    })[type],
  placeholder: (index) => `$${index}`,
};

/** A bound timestamp parameter, cast to the engine's timestamp type. */
export function timestampParam(dialect: SqlDialect, index: number): string {
  return `CAST(${dialect.placeholder(index)} AS ${dialect.columnType("timestamp")})`;
}
