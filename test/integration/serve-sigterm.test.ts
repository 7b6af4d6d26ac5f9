// A real `vigil serve` process: events answered with 202 are all stored even when SIGTERM arrives mid-traffic.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { startServe } from "../helpers/cli-process.js";
import { eventsOf, mdvmRecord } from "../helpers/defender-records.js";

describe("vigil serve shutdown", () => {
  it("drains accepted events on SIGTERM: every 202 is stored", async () => {
    const server = await startServe({ args: ["--log-level", "warn"], readyTimeoutMs: 30_000 });
    const { dataDir, url, token } = server;

    const batches = Array.from({ length: 40 }, (_, batch) =>
      Array.from({ length: 250 }, (_, index) => {
        const {
          "dt.raw_data": _raw,
          timestamp: _ts,
          ...event
        } = eventsOf(mdvmRecord({ cve: `CVE-${batch}-${index}` }))[0]!;
        return event;
      }),
    );
    const send = async (events: readonly object[]) => {
      try {
        const response = await fetch(`${url}/platform/ingest/v1/security.events`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Api-Token ${token}` },
          body: JSON.stringify(events),
        });
        return { status: response.status, events: events.length };
      } catch {
        return { status: 0, events: events.length };
      }
    };
    // One batch is stored before the signal (so the test never passes vacuously), the rest race it.
    const first = await send(batches[0]!);
    expect(first.status).toBe(202);
    let answered = 0;
    const inFlight = batches
      .slice(1)
      .map(
        (events, index) =>
          new Promise<{ status: number; events: number }>((resolve) =>
            setTimeout(() => resolve(send(events).finally(() => (answered += 1))), index * 15),
          ),
      );
    // Signal while requests are still arriving and some are being answered: mid-traffic.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = server.stop();
    const results = [first, ...(await Promise.all(inFlight))];
    expect(answered).toBe(batches.length - 1);
    expect(await stopped).toBe(0);
    expect(server.stderr()).not.toMatch(/Error/);

    const accepted = results
      .filter((result) => result.status === 202)
      .reduce((total, result) => total + result.events, 0);
    expect(accepted).toBeGreaterThan(0);
    expect(results.every((result) => [202, 503, 0].includes(result.status))).toBe(true);
    const store = await openDuckDbStore(join(dataDir, "vigil.duckdb"));
    const stored = Number((await store.query("SELECT count(*) AS n FROM events"))[0]?.n);
    await store.close();
    expect(stored).toBe(accepted);
    expect(existsSync(join(dataDir, "server.json"))).toBe(false);
  }, 120_000);
});
