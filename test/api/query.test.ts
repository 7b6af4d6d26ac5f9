// The Grail-compatible query API: execute, poll, errors with positions, scopes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventsOf, mdvmRecord } from "../helpers/defender-records.js";
import { auth, type TestServer, testServer } from "./harness.js";

const EXECUTE = "/platform/storage/query/v1/query:execute";

describe("query API", () => {
  let server: TestServer;
  let reader: string;
  beforeEach(async () => {
    server = await testServer();
    reader = await server.token("storage:security.events:read");
    const now = new Date().toISOString();
    await server.context.storage.events.append([
      ...eventsOf(mdvmRecord({ cve: "CVE-A", severity: "Critical" }), now),
      ...eventsOf(mdvmRecord({ cve: "CVE-B", severity: "High", digest: "e" }), now),
    ]);
  });
  afterEach(() => server.close());

  const execute = (body: unknown, token = reader) =>
    server.app.inject({
      method: "POST",
      url: EXECUTE,
      payload: JSON.stringify(body),
      headers: { "content-type": "application/json", ...auth(token) },
    });

  it("answers a finished query with the Grail result shape", async () => {
    const response = await execute({
      query:
        'fetch security.events | filter event.type == "VULNERABILITY_FINDING" | summarize {n = countDistinctExact(vulnerability.id)}, by: {dt.security.risk.level} | sort dt.security.risk.level',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.state).toBe("SUCCEEDED");
    expect(body.result.records).toEqual([
      { "dt.security.risk.level": "CRITICAL", n: 1 },
      { "dt.security.risk.level": "HIGH", n: 1 },
    ]);
    expect(body.result.types[0].indexRange).toEqual([0, 1]);
    expect(body.result.metadata.grail).toEqual(
      expect.objectContaining({ scannedRecords: 4, truncated: false }),
    );
  });

  it("gives a request token when the query outlasts the wait, and the result on poll", async () => {
    const started = await execute({
      query: "fetch security.events | summarize count()",
      requestTimeoutMilliseconds: 0,
    });
    expect(started.statusCode).toBe(202);
    const { requestToken } = started.json();
    let polled: { state: string; result?: { records: unknown[] } } = { state: "RUNNING" };
    for (let attempt = 0; attempt < 50 && polled.state === "RUNNING"; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      polled = (
        await server.app.inject({
          method: "GET",
          url: `/platform/storage/query/v1/query:poll?request-token=${requestToken}`,
          headers: auth(reader),
        })
      ).json();
    }
    expect(polled.state).toBe("SUCCEEDED");
    expect(polled.result?.records).toEqual([{ "count()": 4 }]);
    const again = await server.app.inject({
      method: "GET",
      url: `/platform/storage/query/v1/query:poll?request-token=${requestToken}`,
      headers: auth(reader),
    });
    expect(again.statusCode).toBe(410);
  });

  it("reports query errors with their position and a suggestion", async () => {
    const response = await execute({ query: "fetch security.events\n| filtr x == 1" });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.details.syntaxErrorPosition.start).toEqual({ line: 2, column: 3 });
    expect(error.message).toMatch(/did you mean "filter"/);
  });

  it("truncates at maxResultRecords and says so", async () => {
    const response = await execute({ query: "fetch security.events", maxResultRecords: 1 });
    const result = response.json().result;
    expect(result.records).toHaveLength(1);
    expect(result.metadata.grail.truncated).toBe(true);
    expect(result.metadata.grail.notifications[0].notificationType).toBe("RESULT_TRUNCATED");
  });

  it("needs storage:security.events:read and a query", async () => {
    const ingest = await server.token("openpipeline.events_security");
    expect((await execute({ query: "fetch security.events" }, ingest)).statusCode).toBe(403);
    expect((await execute({})).statusCode).toBe(400);
  });
});
