// Ingest routes: OpenPipeline-compatible security events (built-in and custom endpoints) and raw Defender records.
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type RejectedInput,
  rejectedDefenderRecord,
  toDeadLetter,
} from "../../ingest/dead-letter.js";
import { mapItem } from "../../ingest/map-item.js";
import { processOpenPipeline } from "../../ingest/openpipeline/process-events.js";
import { readRecordsFromText } from "../../ingest/read-records.js";
import { DEFAULT_BUCKET } from "../../mapping/defender/mapping-context.js";
import type { SecurityEvent } from "../../model/security-event.js";
import { StoreError } from "../../store/store-error.js";
import { ApiError } from "../errors.js";
import { QueueFullError, ShuttingDownError } from "../ingest-queue.js";
import { decodeUtf8, parseJsonRecords } from "../request-body.js";
import type { ServerContext } from "../server-context.js";

export const OPENPIPELINE_PATH = "/platform/ingest/v1/security.events";
export const CUSTOM_PATH = "/platform/ingest/custom/security.events/:name";
export const DEFENDER_PATH = "/api/v1/ingest/defender";

export function registerIngestRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post(
    OPENPIPELINE_PATH,
    { config: { scope: "openpipeline.events_security" } },
    async (request, reply) => {
      const summary = await ingestOpenPipeline(request, context, OPENPIPELINE_PATH, DEFAULT_BUCKET);
      return reply
        .code(summary.accepted === 0 && summary.rejected.length > 0 ? 400 : 202)
        .send(summary.rejected.length === 0 ? undefined : summaryBody(summary));
    },
  );

  app.post<{ Params: { name: string } }>(
    CUSTOM_PATH,
    { config: { scope: "openpipeline.events_security.custom" } },
    async (request, reply) => {
      const bucket = context.config.customEndpoints[request.params.name];
      if (bucket === undefined)
        throw new ApiError(
          404,
          `no custom ingest endpoint named ${JSON.stringify(request.params.name)}`,
        );
      const path = CUSTOM_PATH.replace(":name", request.params.name);
      const summary = await ingestOpenPipeline(request, context, path, bucket);
      return reply
        .code(summary.accepted === 0 && summary.rejected.length > 0 ? 400 : 202)
        .send(summary.rejected.length === 0 ? undefined : summaryBody(summary));
    },
  );

  app.post<{ Querystring: Record<string, string> }>(
    DEFENDER_PATH,
    { config: { scope: "openpipeline.events_security" } },
    async (request, reply) => {
      const text = decodeUtf8(bodyOf(request));
      const receivedAt = context.clock();
      const bucket = request.query.bucket ?? DEFAULT_BUCKET;
      const items = readRecordsFromText(text, DEFENDER_PATH);
      if (items.length > context.config.maxRecordsPerRequest) {
        throw new ApiError(
          413,
          `too many records in one request: ${items.length} (at most ${context.config.maxRecordsPerRequest})`,
        );
      }
      const events: SecurityEvent[] = [];
      const rejected: RejectedInput[] = [];
      const notMapped: Record<string, number> = {};
      const mappingContext = {
        observedAt: receivedAt.toISOString(),
        bucket,
        source: DEFENDER_PATH,
      };
      for (const item of items) {
        const result = mapItem(item, mappingContext);
        if (result.status === "mapped") events.push(...result.events);
        else if (result.status === "not_mapped")
          notMapped[result.reason] = (notMapped[result.reason] ?? 0) + 1;
        else rejected.push(rejectedDefenderRecord(result, DEFENDER_PATH, { bucket }));
      }
      await keepRejected(context, rejected, receivedAt, "defender");
      await store(context, events, "defender");
      return reply.code(events.length === 0 && rejected.length > 0 ? 400 : 202).send({
        records: items.length,
        eventsAccepted: events.length,
        notMapped,
        rejected: rejected.map(({ position, reason, field, message }) => ({
          position,
          reason,
          field,
          message,
        })),
      });
    },
  );
}

interface OpenPipelineSummary {
  readonly accepted: number;
  readonly rejected: readonly { index: number; reason: string; field?: string; message: string }[];
}

async function ingestOpenPipeline(
  request: FastifyRequest,
  context: ServerContext,
  path: string,
  bucket: string,
): Promise<OpenPipelineSummary> {
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    throw new ApiError(415, "security events must be sent as Content-Type: application/json");
  const records = parseJsonRecords(
    decodeUtf8(bodyOf(request)),
    context.config.maxRecordsPerRequest,
  );
  const receivedAt = context.clock();
  const query = Object.fromEntries(
    Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
      ([, value]) => typeof value === "string",
    ),
  ) as Record<string, string>;
  const result = processOpenPipeline(records, { query, receivedAt, source: path, bucket });
  await keepRejected(
    context,
    result.rejected.map((rejection) => ({
      source: path,
      kind: "openpipeline",
      position: { index: rejection.index },
      reason: rejection.reason,
      message: rejection.message,
      raw: rejection.raw,
      context: { bucket, query },
      ...(rejection.field === undefined ? {} : { field: rejection.field }),
    })),
    receivedAt,
    "openpipeline",
  );
  await store(context, result.events, "openpipeline");
  return {
    accepted: result.events.length,
    rejected: result.rejected.map(({ raw: _raw, ...rest }) => rest),
  };
}

function summaryBody(summary: OpenPipelineSummary) {
  return { accepted: summary.accepted, rejected: summary.rejected };
}

function bodyOf(request: FastifyRequest): Buffer {
  const body = request.body;
  if (Buffer.isBuffer(body)) return body;
  throw new ApiError(400, "a request body is required");
}

async function keepRejected(
  context: ServerContext,
  rejected: readonly RejectedInput[],
  at: Date,
  endpoint: string,
): Promise<void> {
  if (rejected.length === 0) return;
  for (const input of rejected)
    context.metrics.recordsRejected.inc({ endpoint, reason: input.reason });
  await context.storage.metadata.addDeadLetters(
    rejected.map((input) => toDeadLetter(input, at.toISOString())),
  );
}

async function store(
  context: ServerContext,
  events: readonly SecurityEvent[],
  endpoint: string,
): Promise<void> {
  if (events.length === 0) return;
  try {
    await context.queue.submit(events);
    context.metrics.eventsAccepted.inc({ endpoint }, events.length);
  } catch (error) {
    if (error instanceof QueueFullError)
      throw new ApiError(429, `${error.message}: retry later`, undefined, { "retry-after": "5" });
    if (error instanceof ShuttingDownError)
      throw new ApiError(503, error.message, undefined, { "retry-after": "10" });
    if (error instanceof StoreError && error.code === "BUCKET_NOT_FOUND")
      throw new ApiError(400, error.message);
    throw new ApiError(
      503,
      "the store could not write the events; nothing was stored: retry",
      { cause: (error as Error).message },
      { "retry-after": "5" },
    );
  }
}
