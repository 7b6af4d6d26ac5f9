// Routing rules and maintenance over HTTP: scopes, body validation, store refusals as clear 4xx answers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Scope } from "../../src/auth/scopes.js";
import { eventsOf, mdvmRecord } from "../helpers/defender-records.js";
import { auth, type TestServer, testServer } from "./harness.js";

describe("routing rules and maintenance API", () => {
  let server: TestServer;
  let writer: string;
  let reader: string;
  beforeEach(async () => {
    server = await testServer();
    writer = await server.token("storage:buckets:read", "storage:buckets:write");
    reader = await server.token("storage:buckets:read");
  });
  afterEach(() => server.close());

  const call = (
    method: "GET" | "POST" | "DELETE",
    url: string,
    options: { body?: unknown; raw?: string; token?: string } = {},
  ) => {
    const payload =
      options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    return server.app.inject({
      method,
      url,
      headers: {
        ...auth(options.token ?? writer),
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
  };
  const rule = {
    name: "acr-team-a",
    field: "container_image.registry",
    operator: "equals",
    values: ["teama.azurecr.io"],
    bucket: "team_a",
  };

  it("adds, lists and removes rules; the store's refusals are 400, 404 and 409", async () => {
    await server.context.storage.events.createBucket("team_a", 30);
    const added = await call("POST", "/api/v1/routing-rules", { body: rule });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ ...rule, position: 0 });
    const second = await call("POST", "/api/v1/routing-rules", {
      body: {
        name: "acr-prefix",
        field: "container_image.registry",
        operator: "starts_with",
        values: ["team"],
        bucket: "team_a",
        position: 5,
      },
    });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ name: "acr-prefix", position: 5 });
    const noValues = await call("POST", "/api/v1/routing-rules", {
      body: { name: "no-values", field: "event.type", operator: "in", bucket: "team_a" },
    });
    expect(noValues.statusCode).toBe(400);
    expect(noValues.json().error).toEqual({
      code: 400,
      message: "operator in needs at least one value",
      details: { code: "RULE_INVALID" },
    });

    const listed = await call("GET", "/api/v1/routing-rules", { token: reader });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().rules.map((r: { name: string }) => r.name)).toEqual([
      "acr-team-a",
      "acr-prefix",
    ]);

    const duplicate = await call("POST", "/api/v1/routing-rules", { body: rule });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error).toMatchObject({
      message: expect.stringMatching(/a rule named acr-team-a exists already/),
      details: { code: "RULE_INVALID" },
    });
    const badRule = await call("POST", "/api/v1/routing-rules", {
      body: { ...rule, name: "other", operator: "like", bucket: "nope" },
    });
    expect(badRule.statusCode).toBe(400);
    expect(badRule.json().error.message).toMatch(
      /operator must be one of equals, in, starts_with, exists/,
    );
    expect(badRule.json().error.message).toMatch(/bucket "nope" does not exist/);

    const inUse = await call("DELETE", "/api/v1/buckets/team_a");
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.details).toEqual({ code: "BUCKET_IN_USE" });

    expect((await call("DELETE", "/api/v1/routing-rules/acr-team-a")).statusCode).toBe(204);
    const again = await call("DELETE", "/api/v1/routing-rules/acr-team-a");
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toEqual({
      code: 404,
      message: "no routing rule named acr-team-a",
      details: { code: "RULE_NOT_FOUND" },
    });
    const unknownBucket = await call("DELETE", "/api/v1/buckets/nope");
    expect(unknownBucket.statusCode).toBe(404);
    expect(unknownBucket.json().error.details).toEqual({ code: "BUCKET_NOT_FOUND" });
  });

  it("refuses bodies that are not a rule, naming every problem", async () => {
    const notJson = await call("POST", "/api/v1/routing-rules", { raw: "{name:" });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toBe("the body is not valid JSON");
    const array = await call("POST", "/api/v1/routing-rules", { body: [rule] });
    expect(array.statusCode).toBe(400);
    expect(array.json().error.message).toBe("the body must be a JSON object");
    const empty = await server.app.inject({
      method: "POST",
      url: "/api/v1/routing-rules",
      headers: auth(writer),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe("a JSON body is required");

    const wrong = await call("POST", "/api/v1/routing-rules", {
      body: {
        name: 7,
        field: "f",
        operator: "in",
        values: "a",
        bucket: "b",
        position: 1.5,
        value: ["a"],
      },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.problems).toEqual([
      'unknown field "value" (known: name, field, operator, values, bucket, position)',
      "name must be a string",
      "values must be an array of strings",
      "position must be a whole number between -2147483647 and 2147483647",
    ]);
    expect(wrong.json().error.message).toMatch(/^invalid routing rule: unknown field "value"/);
    expect((await call("GET", "/api/v1/routing-rules")).json().rules).toEqual([]);
  });

  it("answers 401 without a token and 403 without the scope", async () => {
    const other = await server.token("settings:read", "settings:write");
    expect(
      (await server.app.inject({ method: "GET", url: "/api/v1/routing-rules" })).statusCode,
    ).toBe(401);
    for (const [method, url, token] of [
      ["GET", "/api/v1/routing-rules", other],
      ["POST", "/api/v1/routing-rules", reader],
      ["DELETE", "/api/v1/routing-rules/x", reader],
      ["POST", "/api/v1/maintenance", reader],
    ] as const) {
      const response = await call(method, url, { body: method === "POST" ? {} : undefined, token });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      const required: Scope = method === "GET" ? "storage:buckets:read" : "storage:buckets:write";
      expect(response.json().error.details).toEqual({ requiredScope: required });
    }
  });

  it("runs retention and snapshot reconciliation on demand", async () => {
    const { storage } = server.context;
    await storage.events.createBucket("short", 1);
    const events = eventsOf(mdvmRecord({ cve: "CVE-OLD" }), undefined, "short").map((event) => ({
      ...event,
      timestamp: "2020-01-01T00:00:00.000Z",
    }));
    const appended = await storage.events.append(events);
    expect(appended.stored).toBeGreaterThan(0);

    const run = await call("POST", "/api/v1/maintenance", { body: {} });
    expect(run.statusCode).toBe(200);
    expect(run.json().retention.deletedEvents).toBe(appended.stored);
    expect(run.json().snapshots).toEqual({ completedRuns: 0, resolvedFindings: 0 });
    expect((await storage.events.stats()).events).toBe(0);

    const noBody = await server.app.inject({
      method: "POST",
      url: "/api/v1/maintenance",
      headers: auth(writer),
    });
    expect(noBody.statusCode).toBe(200);
    expect(noBody.json().retention).toMatchObject({ deletedEvents: 0, deletedFindings: 0 });
    expect(
      (await call("POST", "/api/v1/maintenance", { body: { quietHours: 0.5 } })).statusCode,
    ).toBe(200);
  });

  it("refuses maintenance bodies it cannot use", async () => {
    for (const [body, message] of [
      [{ quietHours: 0 }, /quietHours must be a number of hours above 0 and at most 8760, got 0/],
      [
        { quietHours: "6" },
        /quietHours must be a number of hours above 0 and at most 8760, got "6"/,
      ],
      [{ quietHours: 1e9 }, /at most 8760/],
      [{ quiet_hours: 6 }, /unknown field "quiet_hours" \(known: quietHours\)/],
    ] as const) {
      const response = await call("POST", "/api/v1/maintenance", { body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.message).toMatch(/^invalid maintenance request: /);
      expect(response.json().error.message).toMatch(message);
    }
    const notJson = await call("POST", "/api/v1/maintenance", { raw: "six" });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toBe("the body is not valid JSON");
  });

  it("limits the body size like every route", async () => {
    const small = await testServer({ maxBodyBytes: 1024 });
    try {
      const token = await small.token("storage:buckets:write");
      const response = await small.app.inject({
        method: "POST",
        url: "/api/v1/routing-rules",
        headers: { ...auth(token), "content-type": "application/json" },
        payload: JSON.stringify({ ...rule, values: ["x".repeat(2048)] }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.message).toBe("the body is larger than 1024 bytes");
    } finally {
      await small.close();
    }
  });
});
