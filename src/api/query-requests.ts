// Long-running queries of one server: results kept by request token until polled or expired (instance state, not global).
import { randomUUID } from "node:crypto";
import type { GrailQueryResult } from "../query/grail-result.js";

export type QueryState =
  | { readonly state: "RUNNING" }
  | { readonly state: "SUCCEEDED"; readonly result: GrailQueryResult }
  | { readonly state: "FAILED"; readonly error: unknown };

interface Entry {
  state: QueryState;
  expiresAt: number;
  readonly startedAt: number;
}

export class QueryRequests {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /** Tracks a running query; returns its request token. */
  track(work: Promise<GrailQueryResult>, now: number): string {
    this.evict(now);
    if (this.entries.size >= this.maxEntries) throw new Error("too many queries in flight");
    const token = randomUUID();
    const entry: Entry = {
      state: { state: "RUNNING" },
      expiresAt: now + this.ttlMs,
      startedAt: now,
    };
    this.entries.set(token, entry);
    work.then(
      (result) => {
        entry.state = { state: "SUCCEEDED", result };
      },
      (error: unknown) => {
        entry.state = { state: "FAILED", error };
      },
    );
    return token;
  }

  /** The query's state; a finished query is forgotten once read. */
  poll(token: string, now: number): QueryState | undefined {
    this.evict(now);
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.state.state !== "RUNNING") this.entries.delete(token);
    else entry.expiresAt = now + this.ttlMs;
    return entry.state;
  }

  cancel(token: string): boolean {
    return this.entries.delete(token);
  }

  private evict(now: number): void {
    for (const [token, entry] of this.entries)
      if (entry.expiresAt < now) this.entries.delete(token);
  }
}
