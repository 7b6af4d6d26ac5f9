// The event store over any SQL backend: append with idempotency and finding state, buckets, routing, retention, snapshots.
import type { SecurityEvent } from "../model/security-event.js";
import { type Bucket, bucketProblems, DEFAULT_BUCKET_NAME, retentionProblems } from "./buckets.js";
import { EVENT_COLUMNS, FINDING_STATE_COLUMNS, RAW_COLUMNS, RAW_ID_COLUMN } from "./columns.js";
import { quoteIdent as q, timestampParam } from "./dialect.js";
import {
  addEventCountsStatement,
  deleteBucketCountsStatement,
  retentionCountsStatements,
} from "./event-counts.js";
import {
  type AppendResult,
  type BucketChange,
  type CountRow,
  DEFAULT_SNAPSHOT_QUIET_PERIOD_MS,
  type EventStore,
  type ReconcileOptions,
  type RetentionResult,
  type Row,
  type SnapshotReconciliation,
  type SqlParam,
  type StoreStats,
} from "./event-store.js";
import {
  deleteBucketArrivalsStatement,
  retentionArrivalsStatements,
  upsertLatestArrivalsStatements,
} from "./latest-arrivals.js";
import { applyRouting, type RoutingRule, ruleProblems } from "./routing.js";
import {
  absenceResolutionEvents,
  planSnapshotRuns,
  type SnapshotGroup,
  type SnapshotRun,
} from "./snapshot-runs.js";
import type { SqlBackend, SqlSession } from "./sql-backend.js";
import { snapshotGroupsSql, upsertFindingsStatements } from "./sql-schema.js";
import { type StagedRow, stageBatch } from "./staging-rows.js";
import { StoreError } from "./store-error.js";

export interface SqlEventStoreOptions {
  /** A snapshot run is complete when no record for it arrived for this long (also used at append). */
  readonly snapshotQuietPeriodMs?: number;
}

const STAGING = "vigil_staging";
const STAGING_RAW = "vigil_staging_raw";
const BULK = { bulk: true } as const;

export class SqlEventStore implements EventStore {
  readonly dialect;
  readonly location;
  private readonly quietPeriodMs: number;

  constructor(
    private readonly backend: SqlBackend,
    options: SqlEventStoreOptions = {},
  ) {
    this.dialect = backend.dialect;
    this.location = backend.location;
    this.quietPeriodMs = options.snapshotQuietPeriodMs ?? DEFAULT_SNAPSHOT_QUIET_PERIOD_MS;
  }

  async append(events: readonly SecurityEvent[]): Promise<AppendResult> {
    if (events.length === 0) return { received: 0, stored: 0, duplicates: 0 };
    const unique = uniqueById(events);
    return this.backend.transaction(async (session) => {
      const routed = applyRouting(await readRules(session), unique);
      const staged = stageBatch(routed);
      await session.stage(STAGING, "events", EVENT_COLUMNS, staged.eventRows);
      await checkBuckets(session);
      const inserted =
        this.dialect.name === "duckdb"
          ? await insertNewEvents(session, staged.eventRows)
          : await session.all(
              `INSERT INTO events SELECT * FROM ${STAGING} ON CONFLICT (${q("event.id")}) DO NOTHING RETURNING ${q(RAW_ID_COLUMN)} AS raw_id, ${q("event.id")} AS event_id`,
            );
      // Only the originals of events stored now: a redelivery adds no raw record either.
      const wanted = new Set(inserted.map((row) => row.raw_id));
      const rawRows = staged.rawRows.filter((_, index) => wanted.has(staged.rawIds[index]));
      await session.stage(STAGING_RAW, "raw_records", RAW_COLUMNS, rawRows);
      await session.run(
        this.dialect.name === "duckdb"
          ? `INSERT INTO raw_records SELECT * FROM ${STAGING_RAW} s WHERE NOT EXISTS (SELECT 1 FROM raw_records r WHERE r.raw_id = s.raw_id)`
          : `INSERT INTO raw_records SELECT * FROM ${STAGING_RAW} ON CONFLICT (raw_id) DO NOTHING`,
      );
      const stored = inserted.length;
      for (const statement of upsertFindingsStatements(this.dialect, STAGING))
        await session.run(statement);
      // Latest arrivals from the events stored now only (all of the batch unless some were redelivered).
      const storedIds =
        stored === unique.length ? undefined : inserted.map((row) => String(row.event_id));
      for (const statement of upsertLatestArrivalsStatements(this.dialect, STAGING, storedIds))
        await session.run(statement.sql, statement.params);
      const counts = addEventCountsStatement(this.dialect, STAGING, storedIds);
      if (counts !== undefined) await session.run(counts.sql, counts.params);
      await this.trackSnapshots(session);
      await session.run(`DROP TABLE ${STAGING}`);
      await session.run(`DROP TABLE ${STAGING_RAW}`);
      return { received: events.length, stored, duplicates: events.length - stored };
    }, BULK);
  }

  query(
    sql: string,
    params: readonly SqlParam[] = [],
    options: { timeoutMs?: number } = {},
  ): Promise<Row[]> {
    const timeoutMs = options.timeoutMs;
    return this.backend.read((session) =>
      timeoutMs === undefined
        ? session.all(sql, params)
        : session.allWithin(sql, params, timeoutMs),
    );
  }

  listBuckets(): Promise<Bucket[]> {
    return this.backend.read(async (session) =>
      (await session.all("SELECT * FROM buckets ORDER BY name")).map(toBucket),
    );
  }

  async createBucket(name: string, retentionDays: number, displayName?: string): Promise<Bucket> {
    const problems = bucketProblems(name, retentionDays);
    if (problems.length > 0) throw new StoreError("BUCKET_INVALID", problems.join("; "));
    return this.backend.transaction(async (session) => {
      if ((await findBucket(session, name)) !== undefined)
        throw new StoreError("BUCKET_EXISTS", `bucket ${name} exists already`);
      const p = this.dialect.placeholder;
      await session.run(
        `INSERT INTO buckets (name, display_name, retention_days, built_in, created_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, FALSE, CURRENT_TIMESTAMP)`,
        [name, displayName ?? null, retentionDays],
      );
      return {
        name,
        retentionDays,
        builtIn: false,
        ...(displayName === undefined ? {} : { displayName }),
      };
    });
  }

  async updateBucket(name: string, change: BucketChange): Promise<Bucket> {
    if (change.retentionDays !== undefined) {
      const problems = retentionProblems(change.retentionDays);
      if (problems.length > 0) throw new StoreError("BUCKET_INVALID", problems.join("; "));
    }
    return this.backend.transaction(async (session) => {
      const bucket = await requireBucket(session, name);
      const next = { ...bucket, ...definedOnly(change) };
      const p = this.dialect.placeholder;
      await session.run(
        `UPDATE buckets SET retention_days = ${p(1)}, display_name = ${p(2)} WHERE name = ${p(3)}`,
        [next.retentionDays, next.displayName ?? null, name],
      );
      return next;
    });
  }

  deleteBucket(name: string): Promise<{ deletedEvents: number }> {
    return this.backend.transaction(async (session) => {
      const bucket = await requireBucket(session, name);
      if (bucket.builtIn)
        throw new StoreError("BUCKET_BUILT_IN", `bucket ${name} is built in and cannot be deleted`);
      const p = this.dialect.placeholder;
      const rules = await session.all(`SELECT name FROM routing_rules WHERE bucket = ${p(1)}`, [
        name,
      ]);
      if (rules.length > 0) {
        const names = rules.map((rule) => String(rule.name)).join(", ");
        throw new StoreError(
          "BUCKET_IN_USE",
          `bucket ${name} is the target of routing rule(s) ${names}: remove them first`,
        );
      }
      const deletedEvents = await session.run(
        `DELETE FROM events WHERE ${q("dt.system.bucket")} = ${p(1)}`,
        [name],
      );
      await session.run(`DELETE FROM findings WHERE ${q("dt.system.bucket")} = ${p(1)}`, [name]);
      await session.run(deleteBucketArrivalsStatement(this.dialect), [name]);
      await session.run(deleteBucketCountsStatement(this.dialect), [name]);
      await session.run(`DELETE FROM snapshot_runs WHERE bucket = ${p(1)}`, [name]);
      await session.run(`DELETE FROM buckets WHERE name = ${p(1)}`, [name]);
      return { deletedEvents };
    });
  }

  listRoutingRules(): Promise<RoutingRule[]> {
    return this.backend.read(readRules);
  }

  addRoutingRule(
    rule: Omit<RoutingRule, "position"> & { position?: number },
  ): Promise<RoutingRule> {
    return this.backend.transaction(async (session) => {
      const buckets = new Set(
        (await session.all("SELECT name FROM buckets")).map((row) => String(row.name)),
      );
      const problems = ruleProblems(rule, buckets);
      const existing = await readRules(session);
      if (existing.some((other) => other.name === rule.name))
        problems.push(`a rule named ${rule.name} exists already`);
      if (problems.length > 0) throw new StoreError("RULE_INVALID", problems.join("; "));
      const position = rule.position ?? Math.max(0, ...existing.map((other) => other.position + 1));
      const p = this.dialect.placeholder;
      await session.run(
        `INSERT INTO routing_rules (name, field, operator, "values", bucket, position) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)})`,
        [rule.name, rule.field, rule.operator, [...rule.values], rule.bucket, position],
      );
      return { ...rule, position };
    });
  }

  removeRoutingRule(name: string): Promise<void> {
    return this.backend.transaction(async (session) => {
      const removed = await session.run(
        `DELETE FROM routing_rules WHERE name = ${this.dialect.placeholder(1)}`,
        [name],
      );
      if (removed === 0) throw new StoreError("RULE_NOT_FOUND", `no routing rule named ${name}`);
    });
  }

  async enforceRetention(
    now: Date,
    options: { batchSize?: number } = {},
  ): Promise<RetentionResult> {
    const batchSize = options.batchSize ?? 50_000;
    let deletedEvents = 0;
    let deletedFindings = 0;
    let batches = 0;
    const p = this.dialect.placeholder;
    const ts = (index: number) => timestampParam(this.dialect, index);
    for (const bucket of await this.listBuckets()) {
      const cutoff = new Date(now.getTime() - bucket.retentionDays * 86_400_000).toISOString();
      for (;;) {
        // Each batch is its own short transaction, so ingest interleaves with a long clean-up.
        const deleted = await this.backend.transaction(async (session) => {
          const count = await session.run(
            `DELETE FROM events WHERE ${q("event.id")} IN (SELECT ${q("event.id")} FROM events WHERE ${q("dt.system.bucket")} = ${p(1)} AND ${q("timestamp")} < ${ts(2)} LIMIT ${p(3)})`,
            [bucket.name, cutoff, batchSize],
          );
          // Keys whose latest arrival was just deleted point at the newest event they have left.
          if (count > 0)
            for (const statement of [
              ...retentionArrivalsStatements(this.dialect, bucket.name, cutoff),
              ...retentionCountsStatements(this.dialect, bucket.name, cutoff),
            ])
              await session.run(statement.sql, statement.params);
          return count;
        });
        batches += 1;
        deletedEvents += deleted;
        if (deleted < batchSize) break;
      }
      deletedFindings += await this.backend.transaction((session) =>
        session.run(
          `DELETE FROM findings WHERE ${q("dt.system.bucket")} = ${p(1)} AND ${q(FINDING_STATE_COLUMNS.lastSeen)} < ${ts(2)}`,
          [bucket.name, cutoff],
        ),
      );
    }
    if (deletedEvents > 0) {
      // Original records no remaining event points at.
      await this.backend.transaction((session) =>
        session.run(
          `DELETE FROM raw_records WHERE raw_id NOT IN (SELECT ${q(RAW_ID_COLUMN)} FROM events WHERE ${q(RAW_ID_COLUMN)} IS NOT NULL)`,
        ),
      );
    }
    return { deletedEvents, deletedFindings, batches };
  }

  async reconcileSnapshots(now: Date, options?: ReconcileOptions): Promise<SnapshotReconciliation> {
    const quietPeriodMs = options?.quietPeriodMs ?? this.quietPeriodMs;
    const cutoff = new Date(now.getTime() - quietPeriodMs).toISOString();
    const p = this.dialect.placeholder;
    const due = await this.backend.read((session) =>
      session.all(
        `SELECT * FROM snapshot_runs WHERE completed_at IS NULL AND last_record_at < ${timestampParam(this.dialect, 1)} ORDER BY started_at`,
        [cutoff],
      ),
    );
    let resolvedFindings = 0;
    for (const row of due) {
      const run = toRun(row);
      const absent = await this.backend.read((session) =>
        session.all(
          `SELECT * FROM findings WHERE ${q("dt.system.bucket")} = ${p(1)} AND ${q("azure.subscription")} = ${p(2)}
             AND ${q("microsoft_defender.assessment.key")} = ${p(3)} AND ${q("finding.status")} = 'OPEN'
             AND ${q(FINDING_STATE_COLUMNS.lastSeen)} < ${timestampParam(this.dialect, 4)}`,
          [run.bucket, run.subscription, run.assessmentKey, run.startedAt],
        ),
      );
      const events = absenceResolutionEvents(run, absent, now.toISOString());
      if (events.length > 0) resolvedFindings += (await this.append(events)).stored;
      await this.backend.transaction((session) =>
        session.run(
          `UPDATE snapshot_runs SET completed_at = ${timestampParam(this.dialect, 1)} WHERE run_id = ${p(2)}`,
          [now.toISOString(), run.runId],
        ),
      );
    }
    return { completedRuns: due.length, resolvedFindings };
  }

  async stats(): Promise<StoreStats> {
    return this.backend.read(async (session) => {
      const counts = async (sql: string) =>
        (await session.all(sql)).map(
          (row): CountRow => ({ key: String(row.key ?? "(none)"), count: Number(row.count) }),
        );
      const byBucket = await counts(
        `SELECT ${q("dt.system.bucket")} AS key, count(*) AS count FROM events GROUP BY 1 ORDER BY 1`,
      );
      const byEventType = await counts(
        `SELECT ${q("event.type")} AS key, count(*) AS count FROM events GROUP BY 1 ORDER BY 1`,
      );
      const findingsByStatus = await counts(
        `SELECT ${q("finding.status")} AS key, count(*) AS count FROM findings GROUP BY 1 ORDER BY 1`,
      );
      const openFindingsByRiskLevel = await counts(
        `SELECT ${q("dt.security.risk.level")} AS key, count(*) AS count FROM findings WHERE ${q("finding.status")} = 'OPEN' GROUP BY 1 ORDER BY 1`,
      );
      const sum = (rows: CountRow[]) => rows.reduce((total, row) => total + row.count, 0);
      return {
        events: sum(byBucket),
        byBucket,
        byEventType,
        findings: sum(findingsByStatus),
        findingsByStatus,
        openFindingsByRiskLevel,
      };
    });
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  /** Extends open snapshot runs with this batch's snapshot records, or starts new ones. */
  private async trackSnapshots(session: SqlSession): Promise<void> {
    const groups = (await session.all(snapshotGroupsSql(STAGING))).map(
      (row): SnapshotGroup => ({
        bucket: String(row.bucket),
        subscription: String(row.subscription),
        assessmentKey: String(row.assessment_key),
        firstAt: String(row.first_at),
        lastAt: String(row.last_at),
        records: Number(row.records),
      }),
    );
    if (groups.length === 0) return;
    const open = (await session.all("SELECT * FROM snapshot_runs WHERE completed_at IS NULL")).map(
      toRun,
    );
    const plan = planSnapshotRuns(open, groups, this.quietPeriodMs);
    const p = this.dialect.placeholder;
    const ts = (index: number) => timestampParam(this.dialect, index);
    for (const run of plan.extend) {
      await session.run(
        `UPDATE snapshot_runs SET last_record_at = ${ts(1)}, records = ${p(2)} WHERE run_id = ${p(3)}`,
        [run.lastRecordAt, run.records, run.runId],
      );
    }
    for (const run of plan.start) {
      await session.run(
        `INSERT INTO snapshot_runs (run_id, bucket, subscription, assessment_key, started_at, last_record_at, records) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${ts(5)}, ${ts(6)}, ${p(7)})`,
        [
          run.runId,
          run.bucket,
          run.subscription,
          run.assessmentKey,
          run.startedAt,
          run.lastRecordAt,
          run.records,
        ],
      );
    }
  }
}

/** The first event of each id, in order: within a batch as across batches, the first delivery wins. */
function uniqueById(events: readonly SecurityEvent[]): SecurityEvent[] {
  const byId = new Map<unknown, SecurityEvent>();
  for (const event of events) if (!byId.has(event["event.id"])) byId.set(event["event.id"], event);
  return byId.size === events.length ? [...events] : [...byId.values()];
}

/**
 * DuckDB: inserts the staged events whose id is not stored yet and returns their raw and event ids,
 * as `INSERT … ON CONFLICT DO NOTHING RETURNING` would. DuckDB runs that as a MERGE (a hash join of
 * the batch against every stored id, then a conflict check per row) at several times the cost of
 * finding the stored ids first and inserting plainly. Safe because a DuckDB store has one writer
 * (one process, appends serialized) and a batch holds each event id once.
 */
async function insertNewEvents(session: SqlSession, rows: readonly StagedRow[]): Promise<Row[]> {
  const id = q("event.id");
  const present = await session.all(
    `SELECT ${id} AS id FROM events WHERE ${id} IN (SELECT ${id} FROM ${STAGING})`,
  );
  const stored = new Set(present.map((row) => row.id));
  if (stored.size === 0) await session.run(`INSERT INTO events SELECT * FROM ${STAGING}`);
  else
    await session.run(
      `INSERT INTO events SELECT * FROM ${STAGING} WHERE ${id} NOT IN (SELECT unnest(CAST($1 AS VARCHAR[])))`,
      [[...stored].map(String)],
    );
  const inserted: Row[] = [];
  for (const row of rows)
    if (!stored.has(row["event.id"]))
      inserted.push({ raw_id: row[RAW_ID_COLUMN] ?? null, event_id: row["event.id"] });
  return inserted;
}

async function readRules(session: SqlSession): Promise<RoutingRule[]> {
  const rows = await session.all(
    `SELECT name, field, operator, "values", bucket, position FROM routing_rules ORDER BY position, name`,
  );
  return rows.map((row) => ({
    name: String(row.name),
    field: String(row.field),
    operator: row.operator as RoutingRule["operator"],
    values: (row.values as string[] | null) ?? [],
    bucket: String(row.bucket),
    position: Number(row.position),
  }));
}

async function checkBuckets(session: SqlSession): Promise<void> {
  const unknown = await session.all(
    `SELECT DISTINCT ${q("dt.system.bucket")} AS bucket FROM ${STAGING} WHERE ${q("dt.system.bucket")} NOT IN (SELECT name FROM buckets)`,
  );
  if (unknown.length > 0) {
    const names = unknown.map((row) => String(row.bucket)).join(", ");
    throw new StoreError(
      "BUCKET_NOT_FOUND",
      `events name bucket(s) that do not exist: ${names} (create them with vigil bucket create)`,
    );
  }
}

async function findBucket(session: SqlSession, name: string): Promise<Bucket | undefined> {
  const rows = await session.all(`SELECT * FROM buckets WHERE name = $1`, [name]);
  return rows[0] === undefined ? undefined : toBucket(rows[0]);
}

async function requireBucket(session: SqlSession, name: string): Promise<Bucket> {
  const bucket = await findBucket(session, name);
  if (bucket === undefined) throw new StoreError("BUCKET_NOT_FOUND", `no bucket named ${name}`);
  return bucket;
}

function toBucket(row: Row): Bucket {
  const displayName =
    row.display_name === null || row.display_name === undefined
      ? undefined
      : String(row.display_name);
  return {
    name: String(row.name),
    retentionDays: Number(row.retention_days),
    builtIn: Boolean(row.built_in) || row.name === DEFAULT_BUCKET_NAME,
    ...(displayName === undefined ? {} : { displayName }),
  };
}

function toRun(row: Row): SnapshotRun {
  return {
    runId: String(row.run_id),
    bucket: String(row.bucket),
    subscription: String(row.subscription),
    assessmentKey: String(row.assessment_key),
    startedAt: String(row.started_at),
    lastRecordAt: String(row.last_record_at),
    records: Number(row.records),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
