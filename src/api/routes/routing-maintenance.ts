// Routing rules (which bucket events go to) and maintenance on demand (retention + snapshot reconciliation).
import type { FastifyInstance } from "fastify";
import { quietHoursProblem, runMaintenance } from "../../store/maintenance.js";
import type { RoutingOperator } from "../../store/routing.js";
import { ApiError } from "../errors.js";
import { readJsonObject } from "../request-body.js";
import type { ServerContext } from "../server-context.js";

const RULE_KEYS = ["name", "field", "operator", "values", "bucket", "position"];
const INT32 = 2_147_483_647;

export function registerRoutingMaintenanceRoutes(
  app: FastifyInstance,
  context: ServerContext,
): void {
  const { storage } = context;

  app.get("/api/v1/routing-rules", { config: { scope: "storage:buckets:read" } }, async () => ({
    rules: await storage.events.listRoutingRules(),
  }));

  app.post(
    "/api/v1/routing-rules",
    { config: { scope: "storage:buckets:write" } },
    async (request, reply) => {
      const rule = await storage.events.addRoutingRule(
        routingRuleFromBody(readJsonObject(request.body)),
      );
      return reply.code(201).send(rule);
    },
  );

  app.delete<{ Params: { name: string } }>(
    "/api/v1/routing-rules/:name",
    { config: { scope: "storage:buckets:write" } },
    async (request, reply) => {
      await storage.events.removeRoutingRule(request.params.name);
      return reply.code(204).send();
    },
  );

  // Retention is a bucket's setting and bucket writers may delete a bucket's events outright, so
  // applying retention now (and the reconciliation the server also runs on a timer) needs the same scope.
  app.post(
    "/api/v1/maintenance",
    { config: { scope: "storage:buckets:write" } },
    async (request) => {
      const body =
        request.body === undefined || (Buffer.isBuffer(request.body) && request.body.length === 0)
          ? {}
          : readJsonObject(request.body);
      const problems = [
        ...unknownKeys(body, ["quietHours"]),
        ...(body.quietHours === undefined ? [] : [quietHoursProblem(body.quietHours)]),
      ].filter((problem) => problem !== undefined);
      if (problems.length > 0)
        throw new ApiError(400, `invalid maintenance request: ${problems.join("; ")}`, {
          problems,
        });
      return runMaintenance(
        storage.events,
        context.clock(),
        body.quietHours === undefined
          ? {}
          : { quietPeriodMs: (body.quietHours as number) * 3_600_000 },
      );
    },
  );
}

/** The rule a POST body describes; every type problem at once (the store then checks names, operators and buckets). */
function routingRuleFromBody(body: Record<string, unknown>) {
  const problems = unknownKeys(body, RULE_KEYS);
  for (const key of ["name", "field", "operator", "bucket"]) {
    if (typeof body[key] !== "string") problems.push(`${key} must be a string`);
  }
  const values = body.values ?? [];
  if (!Array.isArray(values) || values.some((value) => typeof value !== "string"))
    problems.push("values must be an array of strings");
  const position = body.position;
  if (
    position !== undefined &&
    !(Number.isInteger(position) && Math.abs(position as number) <= INT32)
  )
    problems.push(`position must be a whole number between -${INT32} and ${INT32}`);
  if (problems.length > 0)
    throw new ApiError(400, `invalid routing rule: ${problems.join("; ")}`, { problems });
  return {
    name: body.name as string,
    field: body.field as string,
    operator: body.operator as RoutingOperator,
    values: values as string[],
    bucket: body.bucket as string,
    ...(position === undefined ? {} : { position: position as number }),
  };
}

function unknownKeys(body: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(body)
    .filter((key) => !known.includes(key))
    .map((key) => `unknown field ${JSON.stringify(key)} (known: ${known.join(", ")})`);
}
