// PostgreSQL backend: a pool shared by several Vigil instances; bulk loads via COPY into a jsonb staging table.

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { POSTGRES_DIALECT, quoteIdent } from "../dialect.js";
import type { Row, SqlParam } from "../event-store.js";
import type { SqlBackend, SqlSession } from "../sql-backend.js";
import { StoreError } from "../store-error.js";

/** Transient conflicts between concurrent writers, retried: deadlock, serialization failure. */
const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;

/** Type parsers: bigint/numeric as numbers, timestamps as ISO-8601 UTC strings. */
const TYPES = {
  getTypeParser(oid: number, format?: string) {
    switch (oid) {
      case 20: // int8
      case 1700: // numeric
        return (value: string) => Number(value);
      case 1114: // timestamp (stored as UTC)
        return (value: string) => new Date(`${value.replace(" ", "T")}Z`).toISOString();
      case 1184: // timestamptz
        return (value: string) => new Date(value).toISOString();
      default:
        return pg.types.getTypeParser(oid, format as "text");
    }
  },
};

export class PostgresBackend implements SqlBackend {
  readonly dialect = POSTGRES_DIALECT;

  private constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
  ) {}

  static async open(url: string): Promise<PostgresBackend> {
    const pool = new pg.Pool({
      connectionString: url,
      max: 4,
      types: TYPES,
      options: "-c TimeZone=UTC",
      application_name: "vigil",
    });
    pool.on("error", () => undefined); // idle-client errors surface on the next query instead of crashing
    const backend = new PostgresBackend(redact(url), pool);
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      await pool.end();
      throw new StoreError(
        "STORE_UNAVAILABLE",
        `cannot reach the PostgreSQL store ${backend.location}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return backend;
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(sessionOf(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (code === undefined || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      } finally {
        client.release();
      }
    }
  }

  async read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(sessionOf(client));
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function sessionOf(client: pg.PoolClient): SqlSession {
  return {
    run: async (sql, params = []) => (await client.query(sql, toPgValues(params))).rowCount ?? 0,
    all: async (sql, params = []) => (await client.query(sql, toPgValues(params))).rows as Row[],
    stage: (table, likeTable, _columns, rows) =>
      stage(
        client,
        table,
        likeTable,
        rows.map((row) => JSON.stringify(row)),
      ),
    allWithin: async (sql, params, timeoutMs) => {
      await client.query(`SET statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
      try {
        return (await client.query(sql, toPgValues(params))).rows as Row[];
      } finally {
        await client.query("RESET statement_timeout").catch(() => undefined);
      }
    },
  };
}

async function stage(
  client: pg.PoolClient,
  table: string,
  likeTable: string,
  lines: readonly string[],
): Promise<void> {
  await client.query(
    "CREATE TEMP TABLE IF NOT EXISTS vigil_staging_json (doc jsonb) ON COMMIT DELETE ROWS",
  );
  await client.query("TRUNCATE vigil_staging_json");
  const copy = client.query(copyFrom("COPY vigil_staging_json (doc) FROM STDIN"));
  await pipeline(Readable.from(copyChunks(lines)), copy);
  await client.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
  await client.query(
    `CREATE TEMP TABLE ${quoteIdent(table)} ON COMMIT DROP AS SELECT r.* FROM vigil_staging_json, jsonb_populate_record(NULL::${quoteIdent(likeTable)}, doc) AS r`,
  );
}

/** COPY text format: one JSON document per line; JSON escapes control characters, so only backslashes need doubling. */
function* copyChunks(lines: readonly string[]): Generator<string> {
  let chunk = "";
  for (const line of lines) {
    chunk += `${line.replaceAll("\\", "\\\\")}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

function toPgValues(params: readonly SqlParam[]): unknown[] {
  return params.map((param) => (Array.isArray(param) ? [...param] : param));
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}
