// The narrow slice of a SQL engine the shared store needs; one implementation per engine.
import type { Column } from "./columns.js";
import type { SqlDialect } from "./dialect.js";
import type { Row, SqlParam } from "./event-store.js";
import type { StagedRow } from "./staging-rows.js";

/** A connection inside a transaction (or a read). Rows come back with ISO timestamps and JS numbers. */
export interface SqlSession {
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  all(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Like `all`, cancelled by the engine after `timeoutMs`. */
  allWithin(sql: string, params: readonly SqlParam[], timeoutMs: number): Promise<Row[]>;
  /**
   * Bulk-loads rows (keyed by column name) into a temporary table named `table` with the columns of
   * `likeTable` (`columns`, in table order), replacing any previous one. Engines use their fastest
   * path: DuckDB's appender, PostgreSQL's COPY.
   */
  stage(
    table: string,
    likeTable: string,
    columns: readonly Column[],
    rows: readonly StagedRow[],
  ): Promise<void>;
}

export interface TransactionOptions {
  /**
   * A bulk load (an append of staged rows): its statements each read one small staging table, so
   * an engine may run it on fewer threads (DuckDB: one).
   */
  readonly bulk?: boolean;
}

export interface SqlBackend {
  readonly dialect: SqlDialect;
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(
    work: (session: SqlSession) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Runs read-only `work` (no transaction needed). */
  read<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
