// Tokens and dead letters over any SQL backend (the same database as the events).

import type { Column } from "./columns.js";
import { timestampParam } from "./dialect.js";
import type { Row } from "./event-store.js";
import type { DeadLetter, DeadLetterFilter, MetadataStore, TokenRecord } from "./metadata-store.js";
import type { SqlBackend } from "./sql-backend.js";

/** The dead_letters table's columns, in table order (for bulk staging). */
const DEAD_LETTER_COLUMNS: readonly Column[] = [
  { name: "id", type: "string" },
  { name: "received_at", type: "timestamp" },
  { name: "source", type: "string" },
  { name: "kind", type: "string" },
  { name: "position", type: "string" },
  { name: "reason", type: "string" },
  { name: "field", type: "string" },
  { name: "message", type: "string" },
  { name: "raw", type: "string" },
  { name: "raw_bytes", type: "double" },
  { name: "truncated", type: "boolean" },
  { name: "context", type: "string" },
  { name: "attempts", type: "double" },
  { name: "replayed_at", type: "timestamp" },
];

export class SqlMetadataStore implements MetadataStore {
  constructor(private readonly backend: SqlBackend) {}

  private ts(index: number): string {
    return timestampParam(this.backend.dialect, index);
  }

  insertToken(record: TokenRecord, secretHash: string): Promise<void> {
    return this.backend.transaction(async (session) => {
      await session.run(
        `INSERT INTO api_tokens (id, name, secret_hash, scopes, created_at) VALUES ($1, $2, $3, $4, ${this.ts(5)})`,
        [record.id, record.name, secretHash, [...record.scopes], record.createdAt],
      );
    });
  }

  listTokens(): Promise<TokenRecord[]> {
    return this.backend.read(async (session) =>
      (await session.all("SELECT * FROM api_tokens ORDER BY created_at, id")).map(toToken),
    );
  }

  findToken(id: string): Promise<{ record: TokenRecord; secretHash: string } | undefined> {
    return this.backend.read(async (session) => {
      const row = (await session.all("SELECT * FROM api_tokens WHERE id = $1", [id]))[0];
      return row === undefined
        ? undefined
        : { record: toToken(row), secretHash: String(row.secret_hash) };
    });
  }

  revokeToken(id: string, at: string): Promise<boolean> {
    return this.backend.transaction(
      async (session) =>
        (await session.run(
          `UPDATE api_tokens SET revoked_at = ${this.ts(1)} WHERE id = $2 AND revoked_at IS NULL`,
          [at, id],
        )) > 0,
    );
  }

  touchToken(id: string, at: string): Promise<void> {
    return this.backend.transaction(async (session) => {
      await session.run(`UPDATE api_tokens SET last_used_at = ${this.ts(1)} WHERE id = $2`, [
        at,
        id,
      ]);
    });
  }

  /** Stores a batch of dead letters in one bulk load (a flood of bad records must not stall ingest). */
  addDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return Promise.resolve();
    const rows = letters.map((letter) => ({
      id: letter.id,
      received_at: letter.receivedAt,
      source: letter.source,
      kind: letter.kind,
      position: letter.position === undefined ? null : JSON.stringify(letter.position),
      reason: letter.reason,
      field: letter.field ?? null,
      message: letter.message,
      raw: letter.raw,
      raw_bytes: letter.rawBytes,
      truncated: letter.truncated,
      context: letter.context === undefined ? null : JSON.stringify(letter.context),
      attempts: letter.attempts,
      replayed_at: null,
    }));
    return this.backend.transaction(async (session) => {
      await session.stage("vigil_dead_letters", "dead_letters", DEAD_LETTER_COLUMNS, rows);
      await session.run(
        "INSERT INTO dead_letters SELECT * FROM vigil_dead_letters ON CONFLICT (id) DO NOTHING",
      );
      await session.run("DROP TABLE vigil_dead_letters");
    });
  }

  listDeadLetters(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    if (!filter.includeReplayed) conditions.push("replayed_at IS NULL");
    if (filter.source !== undefined) {
      params.push(filter.source);
      conditions.push(`source = $${params.length}`);
    }
    params.push(Math.max(1, Math.min(filter.limit ?? 100, 10_000)));
    const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
    return this.backend.read(async (session) =>
      (
        await session.all(
          `SELECT * FROM dead_letters ${where} ORDER BY received_at, id LIMIT $${params.length}`,
          params,
        )
      ).map(toDeadLetter),
    );
  }

  countDeadLetters(includeReplayed = false): Promise<number> {
    const where = includeReplayed ? "" : "WHERE replayed_at IS NULL";
    return this.backend.read(async (session) =>
      Number((await session.all(`SELECT count(*) AS n FROM dead_letters ${where}`))[0]?.n ?? 0),
    );
  }

  recordReplay(
    id: string,
    outcome: { replayedAt?: string; reason?: string; field?: string; message?: string },
  ): Promise<void> {
    return this.backend.transaction(async (session) => {
      if (outcome.replayedAt !== undefined) {
        await session.run(
          `UPDATE dead_letters SET replayed_at = ${this.ts(1)}, attempts = attempts + 1 WHERE id = $2`,
          [outcome.replayedAt, id],
        );
      } else {
        await session.run(
          "UPDATE dead_letters SET reason = $1, field = $2, message = $3, attempts = attempts + 1 WHERE id = $4",
          [outcome.reason ?? "unknown", outcome.field ?? null, outcome.message ?? "", id],
        );
      }
    });
  }
}

function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function toToken(row: Row): TokenRecord {
  const lastUsedAt = optional(row.last_used_at);
  const revokedAt = optional(row.revoked_at);
  return {
    id: String(row.id),
    name: String(row.name),
    scopes: (row.scopes as string[] | null) ?? [],
    createdAt: String(row.created_at),
    ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
    ...(revokedAt === undefined ? {} : { revokedAt }),
  };
}

function toDeadLetter(row: Row): DeadLetter {
  const field = optional(row.field);
  const replayedAt = optional(row.replayed_at);
  const position = optional(row.position);
  const context = optional(row.context);
  return {
    id: String(row.id),
    receivedAt: String(row.received_at),
    source: String(row.source),
    kind: row.kind === "openpipeline" ? "openpipeline" : "defender",
    reason: String(row.reason),
    message: String(row.message),
    raw: String(row.raw),
    rawBytes: Number(row.raw_bytes),
    truncated: Boolean(row.truncated),
    attempts: Number(row.attempts),
    ...(position === undefined ? {} : { position: JSON.parse(position) }),
    ...(context === undefined ? {} : { context: JSON.parse(context) }),
    ...(field === undefined ? {} : { field }),
    ...(replayedAt === undefined ? {} : { replayedAt }),
  };
}
