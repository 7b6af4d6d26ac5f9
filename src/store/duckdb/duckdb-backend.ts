// DuckDB backend: one embedded database file, one connection, writes serialized; bulk loads via the appender.
import { mkdirSync } from "node:fs";
import { totalmem } from "node:os";
import { dirname } from "node:path";
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from "@duckdb/node-api";
import type { Column } from "../columns.js";
import { DUCKDB_DIALECT, quoteIdent } from "../dialect.js";
import type { Row, SqlParam } from "../event-store.js";
import { SerialQueue } from "../serialize-queue.js";
import type { SqlBackend, SqlSession, TransactionOptions } from "../sql-backend.js";
import type { StagedRow } from "../staging-rows.js";
import { StoreError } from "../store-error.js";
import { appendRows } from "./append-rows.js";

const STRING_LIST = LIST(VARCHAR);
/** Write-ahead log size that triggers a checkpoint (DuckDB's default: 16 MB). */
const CHECKPOINT_THRESHOLD = "256MB";
/**
 * DuckDB's memory limit during bulk transactions, when the store's own is higher: with the default
 * (a quarter of the machine) DuckDB keeps far more buffers during an import than the appends need.
 * Importing 100,000 records peaked at 1,943 MB RSS, with 512 MB during appends at 1,370 MB, in the
 * same time (119.4 vs 119.5 s, CPU 113.7 vs 112.7 s). Queries get the store's own limit back.
 */
const BULK_MEMORY_LIMIT = "512MB";

interface Settings {
  readonly threads: number;
  readonly memoryLimit: string;
}

/**
 * DuckDB's memory limit when neither the caller nor VIGIL_DUCKDB_MEMORY_LIMIT sets one: a quarter of
 * the machine's memory, at least 1 GB. A fixed 512 MB was too little for dashboard queries over a
 * million findings: 5 of the benchmark's 42 queries failed with "Out of Memory" (not every operator
 * spills to disk); with 2 GB none did. Sorts, joins and most aggregations spill beyond the limit.
 */
export function defaultMemoryLimit(totalBytes = totalmem()): string {
  return `${Math.max(1024, Math.floor(totalBytes / 4 / 2 ** 20))}MB`;
}

export class DuckDbBackend implements SqlBackend {
  readonly dialect = DUCKDB_DIALECT;
  private readonly queue = new SerialQueue();
  private current: Settings;
  private readonly bulk: Settings;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** DuckDB's settings outside bulk transactions. */
    private readonly normal: Settings,
  ) {
    this.current = normal;
    this.bulk = {
      threads: 1,
      memoryLimit:
        bytesOf(BULK_MEMORY_LIMIT) < bytesOf(normal.memoryLimit)
          ? BULK_MEMORY_LIMIT
          : normal.memoryLimit,
    };
  }

  /**
   * Opens (creating) the database file at `path`; another process holding it is reported clearly.
   * `memoryLimit` overrides VIGIL_DUCKDB_MEMORY_LIMIT (one-off bulk work, e.g. the benchmark's stores).
   */
  static async open(path: string, options: { memoryLimit?: string } = {}): Promise<DuckDbBackend> {
    mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      const message = (error as Error).message;
      if (/lock/i.test(message)) {
        throw new StoreError(
          "STORE_LOCKED",
          `the DuckDB store ${path} is open in another process (DuckDB allows one process per file): stop it, or go through the server that owns it (--url)`,
          { cause: error },
        );
      }
      throw new StoreError(
        "STORE_UNAVAILABLE",
        `cannot open the DuckDB store ${path}: ${message}`,
        { cause: error },
      );
    }
    const connection = await instance.connect();
    // Bounded memory whatever the import size: DuckDB spills to disk beyond this (VIGIL_DUCKDB_MEMORY_LIMIT).
    const memoryLimit =
      options.memoryLimit ?? process.env.VIGIL_DUCKDB_MEMORY_LIMIT ?? defaultMemoryLimit();
    if (!/^\d+(\.\d+)?\s*[KMGT]?i?B$/i.test(memoryLimit)) {
      throw new StoreError(
        "STORE_UNAVAILABLE",
        `VIGIL_DUCKDB_MEMORY_LIMIT must look like 512MB or 2GB, got ${JSON.stringify(memoryLimit)}`,
      );
    }
    await connection.run(`SET memory_limit = '${memoryLimit}'`);
    // A checkpoint rewrites each table's last, partly filled row group (up to 122,880 rows — for
    // raw_records hundreds of MB of text) in full, so at DuckDB's default of one checkpoint per
    // 16 MB of log, a bulk import (~20 MB of log per 10,000-event append) recompressed the same
    // rows at every append: of a 20,000-record import's store CPU, about a third was checkpoints.
    // The log is replayed on open after a crash, so this bounds that replay too.
    await connection.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    const threads = (await connection.runAndReadAll("SELECT current_setting('threads') AS threads"))
      .getRowObjectsJS()
      .map((row) => Number(row.threads))[0];
    return new DuckDbBackend(path, instance, connection, { threads: threads ?? 1, memoryLimit });
  }

  /**
   * A bulk transaction runs on one DuckDB thread: its statements each read one staging table of a
   * single row group (one task), and while a worker runs that task the connection's own thread polls
   * for work without sleeping — on a 2-core machine half the CPU, taken from the import's mapping.
   * It runs under BULK_MEMORY_LIMIT too. The settings are put back only before other work: raising
   * the thread count costs ~0.2 s (DuckDB relaunches its workers), which back-to-back appends (an
   * import) do not pay.
   */
  transaction<T>(
    work: (session: SqlSession) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    return this.queue.run(async () => {
      await this.use(options.bulk === true ? this.bulk : this.normal);
      await this.connection.run("BEGIN TRANSACTION");
      try {
        const result = await work(this.session());
        await this.connection.run("COMMIT");
        return result;
      } catch (error) {
        await this.connection.run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }

  read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      await this.use(this.normal);
      return work(this.session());
    });
  }

  private async use(settings: Settings): Promise<void> {
    if (this.current.threads !== settings.threads) {
      await this.connection.run(`SET threads = ${settings.threads}`);
      this.current = { ...this.current, threads: settings.threads };
    }
    if (this.current.memoryLimit !== settings.memoryLimit) {
      try {
        await this.connection.run(`SET memory_limit = '${settings.memoryLimit}'`);
        this.current = { ...this.current, memoryLimit: settings.memoryLimit };
      } catch {
        // Lowering fails when DuckDB cannot free enough memory now: the append runs under the
        // store's own limit, and the next bulk transaction tries again.
      }
    }
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  private session(): SqlSession {
    const connection = this.connection;
    return {
      run: async (sql, params = []) =>
        Number(
          (await connection.run(sql, toDuckValues(params), toDuckTypes(params) as DuckDBType[]))
            .rowsChanged,
        ),
      all: async (sql, params = []) =>
        (
          await connection.runAndReadAll(
            sql,
            toDuckValues(params),
            toDuckTypes(params) as DuckDBType[],
          )
        )
          .getRowObjectsJS()
          .map(normalizeRow),
      stage: (table, _likeTable, columns, rows) => this.stage(table, columns, rows),
      allWithin: async (sql, params, timeoutMs) => {
        const timer = setTimeout(() => connection.interrupt(), timeoutMs);
        try {
          return (
            await connection.runAndReadAll(
              sql,
              toDuckValues(params),
              toDuckTypes(params) as DuckDBType[],
            )
          )
            .getRowObjectsJS()
            .map(normalizeRow);
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }

  private async stage(
    table: string,
    columns: readonly Column[],
    rows: readonly StagedRow[],
  ): Promise<void> {
    const definitions = columns
      .map((column) => `${quoteIdent(column.name)} ${this.dialect.columnType(column.type)}`)
      .join(", ");
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (${definitions})`);
    const appender = await this.connection.createAppender(table, "main", "temp");
    try {
      appendRows(appender, columns, rows);
    } catch (error) {
      // The half-written row is discarded with the transaction; the appender is dropped unflushed.
      appender.clear();
      appender.closeSync();
      throw error;
    }
    appender.closeSync();
  }
}

/** Bytes of a memory size as DuckDB reads it (KB, MB… are powers of 1000; KiB, MiB… of 1024). */
export function bytesOf(size: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B$/i.exec(size.trim());
  if (match === null) return Number.NaN;
  const power = " KMGT".indexOf((match[2] || " ").toUpperCase());
  return Number(match[1]) * (match[3] === "" ? 1000 : 1024) ** power;
}

function toDuckValues(params: readonly SqlParam[]): DuckDBValue[] {
  return params.map((param) => {
    if (Array.isArray(param)) return listValue([...param]);
    if (typeof param === "number" && Number.isInteger(param)) return BigInt(param);
    return param as DuckDBValue;
  });
}

/** Parameter types where DuckDB cannot infer them from the value: arrays (an empty one has no element). */
function toDuckTypes(params: readonly SqlParam[]): (DuckDBType | undefined)[] {
  return params.map((param) => (Array.isArray(param) ? STRING_LIST : undefined));
}

/** DuckDB's JS values → plain values: ISO timestamps, numbers, arrays. */
function normalizeRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const key in row) out[key] = normalizeValue(row[key]);
  return out;
}

function normalizeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(normalizeValue);
  return value;
}
