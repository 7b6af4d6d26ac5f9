// The narrow slice of a SQL engine the shared store needs; one implementation per engine.
import type { SecurityEvent } from "../model/security-event.js";
import type { SqlDialect } from "./dialect.js";
import type { Row, SqlParam } from "./event-store.js";

/** A connection inside a transaction (or a read). Rows come back with ISO timestamps and JS numbers. */
export interface SqlSession {
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  all(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Loads events into a temporary table named `table` with the events table's columns (replacing it). */
  stage(table: string, events: readonly SecurityEvent[]): Promise<void>;
}

export interface SqlBackend {
  readonly dialect: SqlDialect;
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs read-only `work` (no transaction needed). */
  read<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
