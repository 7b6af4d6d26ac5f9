// The store interface everything above storage uses; DuckDB and PostgreSQL implement it (one contract suite).
import type { SecurityEvent } from "../model/security-event.js";
import type { Bucket } from "./buckets.js";
import type { SqlDialect } from "./dialect.js";
import type { RoutingRule } from "./routing.js";

export type SqlParam = string | number | boolean | null | readonly string[];
export type Row = Record<string, unknown>;

export interface AppendResult {
  /** Events handed to append. */
  readonly received: number;
  /** Events newly written to the event log. */
  readonly stored: number;
  /** Events whose event.id was stored already (a redelivery or re-import): skipped. */
  readonly duplicates: number;
}

export interface RetentionResult {
  readonly deletedEvents: number;
  readonly deletedFindings: number;
  readonly batches: number;
}

export interface SnapshotReconciliation {
  /** Snapshot runs that were found complete in this pass. */
  readonly completedRuns: number;
  /** Findings resolved because a completed snapshot no longer listed them. */
  readonly resolvedFindings: number;
}

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

export interface StoreStats {
  readonly events: number;
  readonly byBucket: readonly CountRow[];
  readonly byEventType: readonly CountRow[];
  readonly findings: number;
  /** Current state: findings by `finding.status`. */
  readonly findingsByStatus: readonly CountRow[];
  /** Current state: OPEN findings by `dt.security.risk.level`. */
  readonly openFindingsByRiskLevel: readonly CountRow[];
}

export interface BucketChange {
  readonly retentionDays?: number;
  readonly displayName?: string;
}

export interface ReconcileOptions {
  /** A snapshot run is complete when no snapshot record for it arrived for this long. */
  readonly quietPeriodMs: number;
}

export const DEFAULT_SNAPSHOT_QUIET_PERIOD_MS = 6 * 60 * 60 * 1000;

/**
 * Where security events live. Implementations: `duckdb/duckdb-store.ts` (embedded, default) and
 * `postgres/postgres-store.ts` (shared by several Vigil instances). Contract: `event-store.contract.ts`.
 */
export interface EventStore {
  readonly dialect: SqlDialect;
  /** Where the store is, for messages (never contains a password). */
  readonly location: string;

  /**
   * Stores a batch atomically: all of it or nothing. Events whose `event.id` is stored already are
   * skipped. Routing rules set each event's bucket; the finding-state table and snapshot runs are
   * updated in the same transaction. An older observation never rolls a finding's state back.
   */
  append(events: readonly SecurityEvent[]): Promise<AppendResult>;

  /**
   * Runs a read-only statement with bound parameters (the query engine's compiled SQL). With
   * `timeoutMs`, the engine cancels the statement when it runs longer (DuckDB interrupt,
   * PostgreSQL statement_timeout) and the promise rejects.
   */
  query(
    sql: string,
    params?: readonly SqlParam[],
    options?: { readonly timeoutMs?: number },
  ): Promise<Row[]>;

  listBuckets(): Promise<Bucket[]>;
  createBucket(name: string, retentionDays: number, displayName?: string): Promise<Bucket>;
  updateBucket(name: string, change: BucketChange): Promise<Bucket>;
  /** Deletes a custom bucket and its events; built-in buckets and buckets a rule routes to are refused. */
  deleteBucket(name: string): Promise<{ readonly deletedEvents: number }>;

  listRoutingRules(): Promise<RoutingRule[]>;
  /** Adds a rule at the end of the list (or at `position`). */
  addRoutingRule(
    rule: Omit<RoutingRule, "position"> & { readonly position?: number },
  ): Promise<RoutingRule>;
  removeRoutingRule(name: string): Promise<void>;

  /** Deletes events (and finding states) older than their bucket's retention, in bounded batches. */
  enforceRetention(now: Date, options?: { readonly batchSize?: number }): Promise<RetentionResult>;

  /** Completes quiet snapshot runs and resolves the OPEN findings they no longer list. */
  reconcileSnapshots(now: Date, options?: ReconcileOptions): Promise<SnapshotReconciliation>;

  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
