import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { eventsOf, mdvmRecord } from "../../../test/helpers/defender-records.js";
import { createDatabase } from "../../../test/helpers/postgres-server.js";
import { runEventStoreContract } from "../event-store.contract.js";
import type { EventStore } from "../event-store.js";
import { openPostgresStore } from "./open-postgres-store.js";

const urls = new WeakMap<EventStore, string>();

async function open(url: string): Promise<EventStore> {
  const store = await openPostgresStore(url);
  urls.set(store, url);
  return store;
}

runEventStoreContract("PostgreSQL", {
  fresh: async () =>
    open(await createDatabase(inject("postgresUrl"), `vigil_${randomUUID().replaceAll("-", "")}`)),
  reopen: async (store) => {
    const url = urls.get(store)!;
    await store.close();
    return open(url);
  },
});

describe("PostgreSQL shared by two instances", () => {
  it("stores each event once when two writers append overlapping batches concurrently", async () => {
    const url = await createDatabase(
      inject("postgresUrl"),
      `vigil_${randomUUID().replaceAll("-", "")}`,
    );
    const [first, second] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    const events = Array.from({ length: 60 }, (_, index) =>
      eventsOf(mdvmRecord({ cve: `CVE-2026-${1000 + index}`, digest: `d${index % 7}` })),
    ).flat();
    const distinct = new Set(events.map((event) => event["event.id"])).size;
    const batches = (offset: number) =>
      Array.from({ length: 6 }, (_, index) =>
        events.slice(
          (index * 20 + offset) % events.length,
          ((index * 20 + offset) % events.length) + 40,
        ),
      );
    const results = await Promise.all([
      ...batches(0).map((batch) => first!.append(batch)),
      ...batches(10).map((batch) => second!.append(batch)),
      ...batches(0).map((batch) => second!.append(batch)),
    ]);
    const stored = results.reduce((total, result) => total + result.stored, 0);
    const count = Number((await first!.query("SELECT count(*) AS n FROM events"))[0]?.n);
    expect(count).toBe(stored);
    expect(count).toBe(distinct);
    const findings = Number((await first!.query("SELECT count(*) AS n FROM findings"))[0]?.n);
    const findingIds = new Set(
      (
        await first!.query(
          `SELECT DISTINCT "finding.id" AS id FROM events WHERE "event.type" = 'VULNERABILITY_FINDING'`,
        )
      ).map((row) => row.id),
    );
    expect(findings).toBe(findingIds.size);
    await Promise.all([first!.close(), second!.close()]);
  });
});
