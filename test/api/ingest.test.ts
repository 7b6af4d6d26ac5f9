// The ingest endpoints over HTTP (in-process): every documented status, partial rejection, bad input of every kind.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventsOf, mdvmRecord } from "../helpers/defender-records.js";
import { auth, type TestServer, testServer } from "./harness.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/defender");
const OPENPIPELINE = "/platform/ingest/v1/security.events";
const DEFENDER = "/api/v1/ingest/defender";
const json = { "content-type": "application/json" };

const finding = (overrides: Record<string, unknown> = {}) => {
  const { "dt.raw_data": _raw, timestamp: _ts, ...event } = eventsOf(mdvmRecord())[0]!;
  return { ...event, ...overrides };
};

async function count(server: TestServer, where = "TRUE"): Promise<number> {
  return Number(
    (
      await server.context.storage.events.query(`SELECT count(*) AS n FROM events WHERE ${where}`)
    )[0]?.n,
  );
}

describe("POST /platform/ingest/v1/security.events", () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await testServer({ maxBodyBytes: 1024 * 1024, maxRecordsPerRequest: 1000 });
    token = await server.token("openpipeline.events_security");
  });
  afterEach(() => server.close());

  const post = (
    payload: string | Buffer,
    headers: Record<string, string> = {},
    url = OPENPIPELINE,
  ) =>
    server.app.inject({
      method: "POST",
      url,
      payload,
      headers: { ...json, ...auth(token), ...headers },
    });

  it("accepts one object or an array with 202 and an empty body", async () => {
    expect((await post(JSON.stringify(finding()))).statusCode).toBe(202);
    const response = await post(
      JSON.stringify([
        finding({ "vulnerability.id": "CVE-1" }),
        finding({ "vulnerability.id": "CVE-2" }),
      ]),
    );
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe("");
    expect(await count(server)).toBe(1); // all three carry the mapper's event.id of the same observation
  });

  it("rejects bad records one by one, stores the others, lists the bad ones by index and keeps them as dead letters", async () => {
    const response = await post(
      JSON.stringify([
        finding(),
        { "event.type": "VULNERABILITY_FINDING" },
        42,
        { nested: { "event.type": "X" } },
      ]),
    );
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body.accepted).toBe(1);
    expect(
      body.rejected.map((rejection: { index: number; reason: string }) => [
        rejection.index,
        rejection.reason,
      ]),
    ).toEqual([
      [1, "missing_field"],
      [2, "not_an_object"],
      [3, "missing_field"],
    ]);
    expect(await server.context.storage.metadata.countDeadLetters()).toBe(3);
    expect(await count(server)).toBe(1);
  });

  it("turns query parameters into fields and applies the timestamp rules", async () => {
    const now = Date.now();
    const events = [
      {
        "event.type": "DETECTION_FINDING",
        timestamp: Math.floor(now / 1000),
        "event.id": "seconds",
      },
      { "event.type": "DETECTION_FINDING", timestamp: now + 3_600_000, "event.id": "future" },
      {
        "event.type": "DETECTION_FINDING",
        timestamp: new Date(now - 48 * 3_600_000).toISOString(),
        "event.id": "too-old",
      },
    ];
    const response = await post(JSON.stringify(events), {}, `${OPENPIPELINE}?product.vendor=Acme`);
    expect(response.statusCode).toBe(202);
    expect(response.json().rejected).toEqual([
      expect.objectContaining({ index: 2, reason: "too_old", field: "timestamp" }),
    ]);
    const rows = await server.context.storage.events.query(
      `SELECT "event.id" AS id, "timestamp" AS ts, "product.vendor" AS vendor FROM events ORDER BY 1`,
    );
    expect(rows.map((row) => row.vendor)).toEqual(["Acme", "Acme"]);
    const future = Date.parse(String(rows.find((row) => row.id === "future")?.ts));
    expect(future).toBeLessThanOrEqual(now + 10 * 60_000 + 5_000);
  });

  it("reads gzip bodies", async () => {
    const response = await post(gzipSync(JSON.stringify(finding())), {
      "content-encoding": "gzip",
    });
    expect(response.statusCode).toBe(202);
    expect((await post(Buffer.from("not gzip"), { "content-encoding": "gzip" })).statusCode).toBe(
      400,
    );
  });

  it.each([
    ["not JSON", "{nope", 400, /not valid JSON/],
    ["JSON that is not an object or array", '"text"', 400, /object or an array/],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400, /UTF-8/],
    ["every record bad", "[1, 2]", 400, /record 0/],
  ])("answers %s with the documented status", async (_name, payload, status, message) => {
    const response = await post(payload as string | Buffer);
    expect(response.statusCode).toBe(status);
    expect(JSON.stringify(response.json())).toMatch(message as RegExp);
    expect(response.json().error?.code ?? status).toBe(status);
  });

  it("rejects deeply nested records on their own", async () => {
    let deep: Record<string, unknown> = { "event.type": "X" };
    for (let level = 0; level < 40; level += 1) deep = { level: deep };
    const response = await post(JSON.stringify([deep, finding()]));
    expect(response.statusCode).toBe(202);
    expect(response.json().rejected[0].reason).toBe("invalid_structure");
  });

  it("answers 413 for a body over the limit and for too many records, 415 for a wrong content type", async () => {
    expect((await post(Buffer.alloc(2 * 1024 * 1024, 0x20))).statusCode).toBe(413);
    const tiny = `[${Array.from({ length: 5000 }, () => "{}").join(",")}]`;
    const many = await post(tiny);
    expect(many.statusCode).toBe(413);
    expect(many.json().error.message).toMatch(/too many records/);
    expect(
      (await post(JSON.stringify(finding()), { "content-type": "text/plain" })).statusCode,
    ).toBe(415);
    expect(
      (await post(JSON.stringify(finding()), { "content-type": "application/xml" })).statusCode,
    ).toBe(415);
  });

  it("answers 401 without or with a forged token, 403 without the scope, 404 for unknown paths", async () => {
    const body = JSON.stringify(finding());
    const noToken = await server.app.inject({
      method: "POST",
      url: OPENPIPELINE,
      payload: body,
      headers: json,
    });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json()).toEqual({
      error: { code: 401, message: expect.stringMatching(/authentication required/) },
    });
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await post(body, { authorization: `Bearer ${forged}` })).statusCode).toBe(401);
    expect((await post(body, { authorization: "Api-Token garbage" })).statusCode).toBe(401);
    const reader = await server.token("storage:security.events:read");
    expect((await post(body, auth(reader))).statusCode).toBe(403);
    expect((await post(body, {}, "/platform/ingest/v1/nope")).statusCode).toBe(404);
    const custom = await server.token("openpipeline.events_security.custom");
    expect(
      (await post(body, auth(custom), "/platform/ingest/custom/security.events/unknown"))
        .statusCode,
    ).toBe(404);
  });

  it("answers 429 with Retry-After when the queue is full, and 503 while shutting down", async () => {
    const small = await testServer({ maxQueuedEvents: 100 });
    const ingest = await small.token("openpipeline.events_security");
    const batch = (tag: string) =>
      JSON.stringify(
        Array.from({ length: 100 }, (_, index) => finding({ "event.id": `${tag}-${index}` })),
      );
    const send = (tag: string) =>
      small.app.inject({
        method: "POST",
        url: OPENPIPELINE,
        payload: batch(tag),
        headers: { ...json, ...auth(ingest) },
      });
    const responses = await Promise.all(["a", "b", "c", "d"].map(send));
    const codes = responses.map((response) => response.statusCode);
    expect(codes).toContain(202);
    expect(codes).toContain(429);
    expect(responses.find((response) => response.statusCode === 429)?.headers["retry-after"]).toBe(
      "5",
    );
    await small.context.queue.drain();
    expect((await send("e")).statusCode).toBe(503);
    await small.close();
  });

  it("stores events posted by two concurrent clients once", async () => {
    const body = JSON.stringify(
      Array.from({ length: 200 }, (_, index) => finding({ "event.id": `shared-${index}` })),
    );
    const other = await server.token("openpipeline.events_security");
    const responses = await Promise.all([post(body), post(body, auth(other)), post(body)]);
    expect(responses.map((response) => response.statusCode)).toEqual([202, 202, 202]);
    expect(await count(server)).toBe(200);
  });

  it("routes a custom endpoint to its bucket", async () => {
    const custom = await testServer({ customEndpoints: { "team-a": "team_a" } });
    await custom.context.storage.events.createBucket("team_a", 30);
    const token = await custom.token("openpipeline.events_security.custom");
    const response = await custom.app.inject({
      method: "POST",
      url: "/platform/ingest/custom/security.events/team-a",
      payload: JSON.stringify(finding()),
      headers: { ...json, ...auth(token) },
    });
    expect(response.statusCode).toBe(202);
    const rows = await custom.context.storage.events.query(
      `SELECT "dt.system.bucket" AS b, "dt.openpipeline.source" AS s FROM events`,
    );
    expect(rows).toEqual([{ b: "team_a", s: "/platform/ingest/custom/security.events/team-a" }]);
    await custom.close();
  });
});

describe("POST /api/v1/ingest/defender", () => {
  it("maps every shared sample, and keeps what it rejects", async () => {
    const server = await testServer();
    const token = await server.token("openpipeline.events_security");
    let accepted = 0;
    for (const name of [
      "defender-subassessment-mdvm-aws-ecr-1.json",
      "defender-subassessment-qualys-acr-1.json",
      "constructed-bad-input-1.ndjson",
      "defender-ce-eventhub-securescore-control-1.json",
    ]) {
      const response = await server.app.inject({
        method: "POST",
        url: DEFENDER,
        payload: readFileSync(join(FIXTURES, name)),
        headers: {
          "content-type": name.endsWith(".ndjson") ? "application/x-ndjson" : "application/json",
          ...auth(token),
        },
      });
      expect(response.statusCode).toBe(202);
      accepted += response.json().eventsAccepted;
    }
    expect(accepted).toBe(8);
    expect(await server.context.storage.metadata.countDeadLetters()).toBe(6);
    await server.close();
  });
});
