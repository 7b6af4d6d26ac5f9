// Finding and scan events with chosen keys, arrival times and states, and checks that both query plans and the
// latest-arrivals table agree with the event log (test/query/latest-arrivals.test.ts, test/property/latest-arrivals.test.ts).
import { expect } from "vitest";
import type { SecurityEvent } from "../../src/model/security-event.js";
import { type ExecuteOptions, executeDql } from "../../src/query/execute.js";
import { quoteIdent as q } from "../../src/store/dialect.js";
import type { EventStore } from "../../src/store/event-store.js";
import {
  ARRIVAL_COLUMNS,
  ARRIVAL_KEY_COLUMN,
  ARRIVAL_KEY_FIELDS,
  arrivalKeySql,
  LATEST_ARRIVALS_TABLE,
} from "../../src/store/latest-arrivals.js";
import { eventsOf, mdvmRecord } from "./defender-records.js";

export interface Observation {
  readonly id: string;
  /** Arrival (`timestamp`). */
  readonly at: string;
  readonly type?: "VULNERABILITY_FINDING" | "VULNERABILITY_SCAN";
  readonly bucket?: string;
  readonly object?: string;
  readonly vulnerability?: string;
  /** null: the event has no component.name. */
  readonly component?: string | null;
  /** null: the event has no component.version. */
  readonly version?: string | null;
  readonly repository?: string;
  readonly product?: string;
  /** Defender's time (`finding.time.created`). */
  readonly created?: string;
  readonly level?: string;
  readonly status?: "OPEN" | "RESOLVED";
}

const TEMPLATES = (() => {
  const events = eventsOf(mdvmRecord({ cve: "CVE-2026-0001" }));
  const finding = events.find((event) => event["event.type"] === "VULNERABILITY_FINDING")!;
  const scan = events.find((event) => event["event.type"] === "VULNERABILITY_SCAN")!;
  return { finding, scan };
})();

/** One event as `o` describes it (everything else from a real mapped MDVM record). */
export function observation(o: Observation): SecurityEvent {
  const type = o.type ?? "VULNERABILITY_FINDING";
  const event: Record<string, unknown> = {
    ...(type === "VULNERABILITY_FINDING" ? TEMPLATES.finding : TEMPLATES.scan),
    "event.id": o.id,
    timestamp: o.at,
    "dt.system.bucket": o.bucket ?? "default_securityevents",
    "object.id": o.object ?? "reg.azurecr.io/team/app@sha256:a1",
    "container_image.repository": o.repository ?? "team/app",
  };
  if (o.product !== undefined) event["product.name"] = o.product;
  if (type === "VULNERABILITY_FINDING") {
    event["vulnerability.id"] = o.vulnerability ?? "CVE-2026-0001";
    event["finding.time.created"] = o.created ?? o.at;
    event["dt.security.risk.level"] = o.level ?? "HIGH";
    event["finding.status"] = o.status ?? "OPEN";
    event["finding.id"] =
      `f:${event["object.id"]}:${event["vulnerability.id"]}:${o.component}:${o.version}:${event["product.name"]}`;
    event["component.name"] = o.component === undefined ? "openssl" : o.component;
    event["component.version"] = o.version === undefined ? "1.0" : o.version;
    if (event["component.name"] === null) delete event["component.name"];
    if (event["component.version"] === null) delete event["component.version"];
  }
  return event as SecurityEvent;
}

/** Records as a sorted list of JSON texts: equal when both results hold the same records. */
export function canonical(records: readonly Record<string, unknown>[]): string[] {
  return records.map((record) => JSON.stringify(record)).sort();
}

/**
 * Runs `dql` with the latest-arrivals plan and with the general plan; both must give the same
 * records (compared as a multiset: a sort with ties may order them differently). Returns the plan
 * the query got when the latest-arrivals plan is allowed whatever the table's size, and the records.
 */
export async function comparePlans(
  store: EventStore,
  dql: string,
  options: ExecuteOptions = {},
): Promise<{ plan: string | undefined; records: Record<string, unknown>[] }> {
  const settings = { maxResultRecords: 1_000_000, ...options };
  const fast = await executeDql(store, dql, { ...settings, latestArrivals: true });
  const general = await executeDql(store, dql, { ...settings, latestArrivals: false });
  expect(general.metadata.grail.plan).toBe("general");
  expect(canonical(fast.records), `${dql}\n${JSON.stringify(options)}`).toEqual(
    canonical(general.records),
  );
  return { plan: fast.metadata.grail.plan, records: fast.records };
}

/** The latest-arrivals table holds exactly the newest event per key of the event log, under the right key, as an exact copy. */
export async function expectArrivalsMatchLog(store: EventStore): Promise<void> {
  const fields = ARRIVAL_KEY_FIELDS.map((name) => q(name)).join(", ");
  const table = await store.query(
    `SELECT ${q("event.id")} AS id FROM ${LATEST_ARRIVALS_TABLE} ORDER BY 1`,
  );
  const log = await store.query(
    `SELECT id FROM (SELECT ${q("event.id")} AS id, row_number() OVER (PARTITION BY ${fields} ORDER BY ${q("timestamp")} DESC, ${q("event.id")} DESC) AS r
     FROM events WHERE ${q("event.type")} = 'VULNERABILITY_FINDING') ranked WHERE r = 1 ORDER BY 1`,
  );
  expect(table.map((row) => row.id)).toEqual(log.map((row) => row.id));
  const mismatched = await store.query(
    `SELECT count(*) AS n FROM ${LATEST_ARRIVALS_TABLE} l JOIN events e ON e.${q("event.id")} = l.${q("event.id")}
     WHERE l.${q(ARRIVAL_KEY_COLUMN)} <> ${arrivalKeySql(store.dialect, "e.")}
        OR ${ARRIVAL_COLUMNS.map((name) => `${same(`l.${q(name)}`)} IS DISTINCT FROM ${same(`e.${q(name)}`)}`).join(" OR ")}`,
  );
  expect(Number(mismatched[0]?.n)).toBe(0);
}

/** A column as text, so that every type (JSON included) compares on both engines. */
function same(column: string): string {
  return `CAST(${column} AS TEXT)`;
}
