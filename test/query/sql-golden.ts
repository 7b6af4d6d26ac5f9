// DQL → SQL golden text: what a query compiles to on one dialect (SQL, then a `-- params:` line).
import { compile } from "../../src/query/compile/compile.js";
import { QueryError } from "../../src/query/errors.js";
import { parseQuery } from "../../src/query/parser.js";
import { DUCKDB_DIALECT, POSTGRES_DIALECT, type SqlDialect } from "../../src/store/dialect.js";

export const GOLDEN_NOW = new Date("2026-11-02T12:00:00.000Z");

/** Fixture file name → its dialect. */
export const GOLDEN_DIALECTS: Readonly<Record<string, SqlDialect>> = {
  "duckdb.txt": DUCKDB_DIALECT,
  "postgres.txt": POSTGRES_DIALECT,
};

export function sqlGolden(query: string, dialect: SqlDialect): string {
  try {
    const compiled = compile(parseQuery(query), dialect, { now: GOLDEN_NOW });
    return `${compiled.sql}\n-- params: ${JSON.stringify(compiled.params)}`;
  } catch (error) {
    if (error instanceof QueryError) return `error: ${error.line}:${error.column} ${error.message}`;
    throw error;
  }
}
