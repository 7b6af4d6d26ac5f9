// Operational and management routes: health, readiness, metrics, tokens, dead letters, buckets, stats.
import type { FastifyInstance } from "fastify";
import { isScope } from "../../auth/scopes.js";
import { createToken } from "../../auth/tokens.js";
import { replayDeadLetters } from "../../ingest/replay-dead-letters.js";
import { ApiError } from "../errors.js";
import { readJsonObject } from "../request-body.js";
import type { ServerContext } from "../server-context.js";

export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const { storage } = context;

  app.get("/health", async () => ({ status: "ok" }));

  app.get("/ready", async (_request, reply) => {
    try {
      await storage.events.query("SELECT 1 AS ok");
      return { status: "ready", store: storage.location };
    } catch (error) {
      return reply.code(503).send({
        error: { code: 503, message: `the store is not reachable: ${(error as Error).message}` },
      });
    }
  });

  app.get("/metrics", { config: { scope: "settings:read" } }, async (_request, reply) =>
    reply.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics()),
  );

  app.get("/api/v1/tokens", { config: { scope: "settings:read" } }, async () => ({
    tokens: await storage.metadata.listTokens(),
  }));

  app.post<{ Body: { name?: unknown; scopes?: unknown } }>(
    "/api/v1/tokens",
    { config: { scope: "settings:write" } },
    async (request, reply) => {
      const body = readJsonObject(request.body) as { name?: unknown; scopes?: unknown };
      const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : [];
      const unknown = scopes.filter((scope) => !isScope(scope));
      if (typeof body.name !== "string" || scopes.length === 0 || unknown.length > 0) {
        throw new ApiError(400, "a token needs a name and known scopes", {
          unknownScopes: unknown,
        });
      }
      const created = await createToken(storage.metadata, body.name, scopes, context.clock());
      return reply.code(201).send({ token: created.token, ...created.record });
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/v1/tokens/:id",
    { config: { scope: "settings:write" } },
    async (request, reply) => {
      const revoked = await storage.metadata.revokeToken(
        request.params.id,
        context.clock().toISOString(),
      );
      if (!revoked) throw new ApiError(404, `no active token ${request.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { limit?: string; source?: string; includeReplayed?: string } }>(
    "/api/v1/deadletters",
    { config: { scope: "settings:read" } },
    async (request) => {
      const limit = Number(request.query.limit ?? 100);
      const letters = await storage.metadata.listDeadLetters({
        limit: Number.isFinite(limit) ? limit : 100,
        includeReplayed: request.query.includeReplayed === "true",
        ...(request.query.source === undefined ? {} : { source: request.query.source }),
      });
      return { deadLetters: letters, open: await storage.metadata.countDeadLetters() };
    },
  );

  app.post<{ Querystring: { limit?: string; source?: string } }>(
    "/api/v1/deadletters/replay",
    { config: { scope: "settings:write" } },
    async (request) => {
      const limit = Number(request.query.limit ?? 1000);
      return replayDeadLetters(
        storage,
        {
          limit: Number.isFinite(limit) ? limit : 1000,
          ...(request.query.source === undefined ? {} : { source: request.query.source }),
        },
        context.clock(),
      );
    },
  );

  app.get("/api/v1/buckets", { config: { scope: "storage:buckets:read" } }, async () => ({
    buckets: await storage.events.listBuckets(),
  }));

  app.post(
    "/api/v1/buckets",
    { config: { scope: "storage:buckets:write" } },
    async (request, reply) => {
      const body = readJsonObject(request.body) as {
        name?: unknown;
        retentionDays?: unknown;
        displayName?: unknown;
      };
      if (typeof body.name !== "string" || typeof body.retentionDays !== "number")
        throw new ApiError(400, "a bucket needs a name and retentionDays");
      const bucket = await storage.events.createBucket(
        body.name,
        body.retentionDays,
        typeof body.displayName === "string" ? body.displayName : undefined,
      );
      return reply.code(201).send(bucket);
    },
  );

  app.patch<{ Params: { name: string } }>(
    "/api/v1/buckets/:name",
    { config: { scope: "storage:buckets:write" } },
    async (request) => {
      const body = readJsonObject(request.body) as {
        retentionDays?: unknown;
        displayName?: unknown;
      };
      return storage.events.updateBucket(request.params.name, {
        ...(typeof body.retentionDays === "number" ? { retentionDays: body.retentionDays } : {}),
        ...(typeof body.displayName === "string" ? { displayName: body.displayName } : {}),
      });
    },
  );

  app.delete<{ Params: { name: string } }>(
    "/api/v1/buckets/:name",
    { config: { scope: "storage:buckets:write" } },
    async (request) => storage.events.deleteBucket(request.params.name),
  );

  app.get("/api/v1/stats", { config: { scope: "storage:security.events:read" } }, async () =>
    storage.events.stats(),
  );
}
