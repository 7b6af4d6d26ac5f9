// executeDql takes the latest-arrivals plan by default for every query it recognizes, whether findings were observed
// again and again or once (reading the table is never more work than ranking the events), with the general plan's
// answer and scannedRecords. On DuckDB and PostgreSQL.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executeDql } from "../../src/query/execute.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { canonical, observation } from "../helpers/arrival-history.js";
import { createDatabase } from "../helpers/postgres-server.js";

const NOW = new Date("2026-11-02T00:00:00.000Z");
const T = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 1, hour, minute)).toISOString();
const OPTIONS = { now: NOW, defaultTimeframeStart: T(0), defaultTimeframeEnd: T(23) };
const DQL = `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize n = count(), by: {dt.security.risk.level}`;

/** Three findings, each observed three times: 9 finding events, 3 latest arrivals. */
const OBSERVED_AGAIN = [1, 2, 3].flatMap((n) =>
  [1, 2, 3].map((k) =>
    observation({
      id: `r${n}-${k}`,
      at: T(n, k),
      vulnerability: `CVE-2026-000${n}`,
      level: k === 3 ? "CRITICAL" : "LOW",
    }),
  ),
);
/** Ten findings observed once: then 19 finding events, 13 latest arrivals. */
const OBSERVED_ONCE = Array.from({ length: 10 }, (_, n) =>
  observation({ id: `o${n}`, at: T(10, n), vulnerability: `CVE-2026-01${n}`, level: "HIGH" }),
);

const backends = [
  {
    name: "DuckDB",
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), "vigil-plan-choice-"));
      const store = await openDuckDbStore(join(dir, "store.duckdb"));
      return { store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const url = await createDatabase(
        inject("postgresUrl"),
        `vigil_plan_${randomUUID().replaceAll("-", "")}`,
      );
      return { store: await openPostgresStore(url), cleanup: () => undefined };
    },
  },
];

for (const backend of backends)
  describe(`the default plan on ${backend.name}`, () => {
    let store: EventStore;
    let cleanup: () => void = () => undefined;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(async () => {
      await store.close();
      cleanup();
    });

    const run = async () => {
      const chosen = await executeDql(store, DQL, OPTIONS);
      const general = await executeDql(store, DQL, { ...OPTIONS, latestArrivals: false });
      const forced = await executeDql(store, DQL, { ...OPTIONS, latestArrivals: true });
      expect(canonical(chosen.records)).toEqual(canonical(general.records));
      expect(canonical(forced.records)).toEqual(canonical(general.records));
      expect(forced.metadata.grail.plan).toBe("latest-arrivals");
      expect(chosen.metadata.grail.scannedRecords).toBe(general.metadata.grail.scannedRecords);
      return chosen;
    };

    it("reads the table when findings were observed again and again", async () => {
      await store.append(OBSERVED_AGAIN);
      const result = await run();
      expect(result.records).toEqual([{ "dt.security.risk.level": "CRITICAL", n: 3 }]);
      expect(result.metadata.grail.plan).toBe("latest-arrivals");
      expect(result.metadata.grail.scannedRecords).toBe(9);
    });

    it("reads the table when most findings were observed once", async () => {
      await store.append(OBSERVED_ONCE);
      const result = await run();
      expect(canonical(result.records)).toEqual(
        canonical([
          { "dt.security.risk.level": "CRITICAL", n: 3 },
          { "dt.security.risk.level": "HIGH", n: 10 },
        ]),
      );
      expect(result.metadata.grail.plan).toBe("latest-arrivals");
      expect(result.metadata.grail.planReason).toMatch(/finding key fields/);
      expect(result.metadata.grail.scannedRecords).toBe(19);
    });
  });
