// Connections API: create (validated, optionally tested), list with live status, show, pause, resume, test, delete, metrics.
import type { FastifyInstance } from "fastify";
import { testConnection } from "../../ingest/event-hubs/client-factory.js";
import { type ConnectionSpec, resolveConnectionSpec } from "../../ingest/event-hubs/connection.js";
import { DEFAULT_BUCKET } from "../../mapping/defender/mapping-context.js";
import { ApiError } from "../errors.js";
import { readJsonObject } from "../request-body.js";
import type { ServerContext } from "../server-context.js";

export function registerConnectionRoutes(app: FastifyInstance, context: ServerContext): void {
  const manager = context.connections;
  const read = { config: { scope: "settings:read" as const } };
  const write = { config: { scope: "settings:write" as const } };

  app.get("/api/v1/connections", read, async () => ({ connections: await manager.list() }));

  app.post<{ Querystring: { test?: string } }>(
    "/api/v1/connections",
    write,
    async (request, reply) => {
      const spec = specOf(readJsonObject(request.body));
      const created = await manager.create(spec, { test: request.query.test !== "false" });
      return reply.code(201).send(created);
    },
  );

  app.post("/api/v1/connections/test", write, async (request) => {
    const spec = specOf(readJsonObject(request.body));
    const resolved = resolveConnectionSpec(spec, DEFAULT_BUCKET);
    try {
      return { ok: true, ...(await testConnection(resolved)) };
    } catch (error) {
      throw new ApiError(400, (error as Error).message);
    }
  });

  app.get("/api/v1/connections/metrics", read, async (request) => {
    const query = request.query as { from?: string; to?: string };
    const to = query.to ?? context.clock().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - 24 * 3_600_000).toISOString();
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
      throw new ApiError(400, "from and to must be ISO-8601 times");
    const points = await manager.metrics(from, to);
    const names = new Map(
      (await manager.connections.list()).map((connection) => [connection.id, connection.name]),
    );
    const series = new Map<string, { connectionId: string; name: string; points: unknown[] }>();
    for (const point of points) {
      const entry = series.get(point.connectionId) ?? {
        connectionId: point.connectionId,
        name: names.get(point.connectionId) ?? point.connectionId,
        points: [],
      };
      entry.points.push({
        time: point.minute,
        events: point.stored,
        received: point.received,
        findings: point.findings,
        rejected: point.rejected,
      });
      series.set(point.connectionId, entry);
    }
    return { from, to, series: [...series.values()] };
  });

  app.get<{ Params: { id: string } }>("/api/v1/connections/:id", read, async (request) =>
    manager.view(request.params.id),
  );
  app.post<{ Params: { id: string } }>("/api/v1/connections/:id/pause", write, async (request) =>
    manager.pause(request.params.id),
  );
  app.post<{ Params: { id: string } }>("/api/v1/connections/:id/resume", write, async (request) =>
    manager.resume(request.params.id),
  );
  app.post<{ Params: { id: string } }>("/api/v1/connections/:id/test", write, async (request) => {
    try {
      return { ok: true, ...(await manager.test(request.params.id)) };
    } catch (error) {
      if ((error as Error).name === "ConnectionNotFound") throw error;
      throw new ApiError(400, (error as Error).message);
    }
  });
  app.delete<{ Params: { id: string } }>("/api/v1/connections/:id", write, async (request) =>
    manager.delete(request.params.id),
  );
}

/** The API's connection body: `connectionString`, or `tenantId`/`clientId`/`clientSecret`, or `managedIdentity`. */
function specOf(body: Record<string, unknown>): ConnectionSpec {
  const text = (key: string) =>
    typeof body[key] === "string" && body[key] !== "" ? (body[key] as string) : undefined;
  const auth =
    text("connectionString") !== undefined
      ? { kind: "connection_string" as const, connectionString: text("connectionString") as string }
      : text("clientSecret") !== undefined
        ? {
            kind: "service_principal" as const,
            tenantId: text("tenantId") ?? "",
            clientId: text("clientId") ?? "",
            clientSecret: text("clientSecret") as string,
          }
        : body.managedIdentity === true || text("managedIdentity") !== undefined
          ? {
              kind: "managed_identity" as const,
              ...(text("clientId") === undefined ? {} : { clientId: text("clientId") as string }),
            }
          : undefined;
  return {
    name: text("name") ?? "",
    auth: auth as ConnectionSpec["auth"],
    ...(text("namespace") === undefined ? {} : { namespace: text("namespace") as string }),
    ...(text("eventHub") === undefined ? {} : { eventHub: text("eventHub") as string }),
    ...(text("consumerGroup") === undefined
      ? {}
      : { consumerGroup: text("consumerGroup") as string }),
    ...(text("startPosition") === undefined
      ? {}
      : { startPosition: text("startPosition") as string }),
    ...(text("bucket") === undefined ? {} : { bucket: text("bucket") as string }),
  };
}
