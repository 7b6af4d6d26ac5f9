// Builds the HTTP app (no listen): body handling, auth, one error handler, routes. Tested in-process with inject().
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
} from "fastify";
import { TokenError } from "../auth/tokens.js";
import { ConnectionError } from "../ingest/event-hubs/connection.js";
import { ConnectionNotFound } from "../ingest/event-hubs/connection-manager.js";
import { StoreError, type StoreErrorCode } from "../store/store-error.js";
import { scopeHook } from "./auth.js";
import { ApiError, errorBody } from "./errors.js";
import { DEFENDER_TYPES, decodeContentEncoding } from "./request-body.js";
import { registerAdminRoutes } from "./routes/admin.js";
import { registerConnectionRoutes } from "./routes/connections.js";
import { registerDocumentRoutes } from "./routes/documents.js";
import { registerIngestRoutes } from "./routes/ingest.js";
import { registerQueryRoutes } from "./routes/query.js";
import { registerRoutingMaintenanceRoutes } from "./routes/routing-maintenance.js";
import { registerUiSessionRoutes } from "./routes/ui-session.js";
import { registerUiStaticRoutes } from "./routes/ui-static.js";
import type { ServerContext } from "./server-context.js";

const STORE_ERROR_STATUS: Readonly<Record<StoreErrorCode, number>> = {
  BUCKET_NOT_FOUND: 404,
  BUCKET_EXISTS: 409,
  BUCKET_INVALID: 400,
  BUCKET_BUILT_IN: 409,
  BUCKET_IN_USE: 409,
  RULE_INVALID: 400,
  RULE_NOT_FOUND: 404,
  STORE_UNAVAILABLE: 503,
  STORE_LOCKED: 503,
  STORE_INVALID_VALUE: 400,
};

export function buildApp(
  context: ServerContext,
  logger: FastifyServerOptions["logger"] = false,
): FastifyInstance {
  const app = Fastify({
    logger,
    bodyLimit: context.config.maxBodyBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  });

  // Bodies stay raw buffers: each route decodes strictly (UTF-8, JSON, NDJSON) and reports precisely.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...DEFENDER_TYPES], { parseAs: "buffer" }, (_request, body, done) =>
    done(null, body),
  );
  app.addHook("onRequest", scopeHook(context.storage.metadata));
  app.addHook("preParsing", async (request, _reply, payload) =>
    decodeContentEncoding(payload, request.headers["content-encoding"]),
  );
  app.addHook("onResponse", async (request, reply) => {
    context.metrics.requests.inc({
      route: request.routeOptions.url ?? "unmatched",
      method: request.method,
      status: String(reply.statusCode),
    });
  });

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof ApiError) {
      if (error.headers !== undefined) void reply.headers(error.headers);
      return reply.code(error.status).send(errorBody(error.status, error.message, error.details));
    }
    if (error instanceof StoreError) {
      const status = STORE_ERROR_STATUS[error.code];
      return reply.code(status).send(errorBody(status, error.message, { code: error.code }));
    }
    if (error instanceof TokenError) return reply.code(400).send(errorBody(400, error.message));
    if (error instanceof ConnectionError)
      return reply.code(400).send(errorBody(400, error.message, { problems: error.problems }));
    if (error instanceof ConnectionNotFound)
      return reply.code(404).send(errorBody(404, error.message));
    if (
      typeof (error as { code?: unknown }).code === "string" &&
      (error as { code: string }).code.startsWith("Z_")
    ) {
      return reply.code(400).send(errorBody(400, "the gzip body is corrupt"));
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply
        .code(status)
        .send(errorBody(status, clientMessage(error as FastifyError, context.config.maxBodyBytes)));
    }
    request.log.error({ err: error }, "Request failed.");
    return reply.code(500).send(errorBody(500, "internal error", { requestId: request.id }));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split("?")[0]}`)),
  );

  registerIngestRoutes(app, context);
  registerAdminRoutes(app, context);
  registerRoutingMaintenanceRoutes(app, context);
  registerQueryRoutes(app, context);
  registerConnectionRoutes(app, context);
  registerDocumentRoutes(app, context);
  registerUiSessionRoutes(app, context);
  // dist/api/app.js → dist/web (src/api/app.ts → src/web when run from source: the tests build dist/web)
  registerUiStaticRoutes(
    app,
    fileURLToPath(
      new URL(import.meta.url.includes("/dist/") ? "../web/" : "../../dist/web/", import.meta.url),
    ),
  );
  return app;
}

function clientMessage(error: FastifyError, maxBodyBytes: number): string {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `the body is larger than ${maxBodyBytes} bytes`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return `unsupported Content-Type: send ${DEFENDER_TYPES.join(", ")}`;
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "the body is empty";
    default:
      return error.message;
  }
}
