// Management routes over HTTP: health, readiness, metrics, tokens, dead letters (list and replay), buckets, stats.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toDeadLetter } from "../../src/ingest/dead-letter.js";
import { mdvmRecord } from "../helpers/defender-records.js";
import { auth, type TestServer, testServer } from "./harness.js";

describe("management API", () => {
  let server: TestServer;
  let admin: string;
  beforeEach(async () => {
    server = await testServer();
    admin = await server.token(
      "settings:read",
      "settings:write",
      "storage:buckets:read",
      "storage:buckets:write",
      "storage:security.events:read",
    );
  });
  afterEach(() => server.close());

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
    token = admin,
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        ...auth(token),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  it("serves health and readiness without a token, metrics with one", async () => {
    expect((await server.app.inject({ method: "GET", url: "/health" })).json()).toEqual({
      status: "ok",
    });
    expect((await server.app.inject({ method: "GET", url: "/ready" })).statusCode).toBe(200);
    expect((await server.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const metrics = await call("GET", "/metrics");
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/vigil_http_requests_total/);
    expect(metrics.body).toMatch(/vigil_ingest_queue_events/);
  });

  it("creates, lists and revokes tokens, and never returns a secret twice", async () => {
    const created = await call("POST", "/api/v1/tokens", {
      name: "ci",
      scopes: ["openpipeline.events_security"],
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^vgl_/);
    const listed = await call("GET", "/api/v1/tokens");
    expect(JSON.stringify(listed.json())).not.toContain(token.split(".")[1]);
    expect(listed.json().tokens.map((t: { id: string }) => t.id)).toContain(id);
    expect(
      (await call("POST", "/api/v1/tokens", { name: "bad", scopes: ["root"] })).statusCode,
    ).toBe(400);
    expect((await call("DELETE", `/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const revokedUse = await server.app.inject({
      method: "POST",
      url: "/platform/ingest/v1/security.events",
      payload: "{}",
      headers: { "content-type": "application/json", ...auth(token) },
    });
    expect(revokedUse.statusCode).toBe(401);
  });

  it("lists dead letters and replays them once processing accepts them", async () => {
    const record = mdvmRecord({ cve: "CVE-REPLAY" });
    const now = new Date().toISOString();
    await server.context.storage.metadata.addDeadLetters([
      toDeadLetter(
        {
          source: "file:old.ndjson",
          kind: "defender",
          position: { line: 7 },
          reason: "unknown_severity",
          message: "was rejected by an older mapper",
          raw: JSON.stringify(record),
          context: { bucket: "default_securityevents" },
        },
        now,
      ),
      toDeadLetter(
        {
          source: "/platform/ingest/v1/security.events",
          kind: "openpipeline",
          position: { index: 0 },
          reason: "missing_field",
          message: "no event.type",
          raw: JSON.stringify({ nope: 1 }),
          context: { bucket: "default_securityevents", query: {} },
        },
        now,
      ),
    ]);
    const listed = await call("GET", "/api/v1/deadletters");
    expect(listed.json().open).toBe(2);
    const replay = await call("POST", "/api/v1/deadletters/replay");
    expect(replay.json()).toEqual({ attempted: 2, replayed: 1, stillFailing: 1, eventsStored: 2 });
    expect(
      (await call("GET", "/api/v1/deadletters"))
        .json()
        .deadLetters.map((letter: { attempts: number; source: string }) => [
          letter.source,
          letter.attempts,
        ]),
    ).toEqual([["/platform/ingest/v1/security.events", 1]]);
    const stats = await call("GET", "/api/v1/stats");
    expect(stats.json().events).toBe(2);
  });

  it("manages buckets with the store's rules and scopes", async () => {
    expect(
      (await call("POST", "/api/v1/buckets", { name: "team_b", retentionDays: 30 })).statusCode,
    ).toBe(201);
    expect(
      (await call("POST", "/api/v1/buckets", { name: "team_b", retentionDays: 30 })).statusCode,
    ).toBe(409);
    expect(
      (await call("POST", "/api/v1/buckets", { name: "Team B", retentionDays: 30 })).statusCode,
    ).toBe(400);
    expect(
      (await call("PATCH", "/api/v1/buckets/team_b", { retentionDays: 90 })).json().retentionDays,
    ).toBe(90);
    expect((await call("DELETE", "/api/v1/buckets/default_securityevents")).statusCode).toBe(409);
    expect((await call("DELETE", "/api/v1/buckets/team_b")).statusCode).toBe(200);
    const reader = await server.token("storage:buckets:read");
    expect(
      (await call("POST", "/api/v1/buckets", { name: "team_c", retentionDays: 30 }, reader))
        .statusCode,
    ).toBe(403);
    expect((await call("GET", "/api/v1/buckets", undefined, reader)).json().buckets).toHaveLength(
      1,
    );
  });
});

describe("bad input at scale", () => {
  it("answers a 50 MB body and a million tiny objects with 413 and stays up", async () => {
    const server = await testServer();
    const token = await server.token("openpipeline.events_security");
    const post = (payload: Buffer | string) =>
      server.app.inject({
        method: "POST",
        url: "/platform/ingest/v1/security.events",
        payload,
        headers: { "content-type": "application/json", ...auth(token) },
      });
    expect((await post(Buffer.alloc(50 * 1024 * 1024, 0x20))).statusCode).toBe(413);
    const million = `[${"{},".repeat(999_999)}{}]`;
    const response = await post(million);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toMatch(/too many records in one request: 1000000/);
    expect((await server.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    await server.close();
  });
});
