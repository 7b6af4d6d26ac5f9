// The team's notebooks and dashboards (documents): list, read, create, update at the version read (409 when stale), delete.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { DOCUMENT_KINDS, isDocumentKind, type StoredDocument } from "../../store/document-store.js";
import { ApiError } from "../errors.js";
import { readJsonObject } from "../request-body.js";
import type { ServerContext } from "../server-context.js";

/** The most JSON one document holds (its content, serialized compactly). */
export const MAX_DOCUMENT_CONTENT_BYTES = 1024 * 1024;

const KINDS_TEXT = DOCUMENT_KINDS.map((kind) => JSON.stringify(kind)).join(" or ");

const name = z
  .string({ error: "name must be text" })
  .trim()
  .min(1, "name must be 1-200 characters")
  .max(200, "name must be 1-200 characters");

const content = z.custom<Record<string, unknown>>(
  (value) => value !== null && typeof value === "object" && !Array.isArray(value),
  "content must be a JSON object",
);

const CreateBody = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS, { error: `kind must be ${KINDS_TEXT}` }),
  name,
  content,
});

const UpdateBody = z
  .strictObject({
    version: z
      .number({ error: "version must be the number of the version you read" })
      .int("version must be a whole number")
      .min(1, "version must be 1 or more"),
    name: name.optional(),
    content: content.optional(),
  })
  .refine((body) => body.name !== undefined || body.content !== undefined, {
    message: "send name, content or both",
  });

/** Parses `body` with `schema`; every problem at once in a 400 otherwise. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const object = readJsonObject(body, "a JSON body");
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join(".");
    if (issue.path.length === 1 && object[String(issue.path[0])] === undefined)
      return `${path} is required`;
    return path === "" || issue.message.startsWith(path)
      ? issue.message
      : `${path}: ${issue.message}`;
  });
  throw new ApiError(400, `the document is invalid: ${problems.join("; ")}`, { problems });
}

/** The content as compact JSON text, within the size limit (413 otherwise). */
function contentText(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DOCUMENT_CONTENT_BYTES)
    throw new ApiError(
      413,
      `the content is ${bytes} bytes of JSON; a document holds at most ${MAX_DOCUMENT_CONTENT_BYTES} bytes (1 MB)`,
      { bytes, maxBytes: MAX_DOCUMENT_CONTENT_BYTES },
    );
  return text;
}

const withContent = (document: StoredDocument) => {
  const { content: text, ...summary } = document;
  return { ...summary, content: JSON.parse(text) as unknown };
};

function ownerOf(request: FastifyRequest): string {
  // The scope hook has verified the token before any documents route runs.
  if (request.token === undefined) throw new ApiError(401, "authentication required");
  return request.token.id;
}

export function registerDocumentRoutes(app: FastifyInstance, context: ServerContext): void {
  const documents = context.storage.documents;
  const read = { config: { scope: "documents:read" as const } };
  const write = { config: { scope: "documents:write" as const } };

  app.get<{ Querystring: { kind?: string } }>("/api/v1/documents", read, async (request) => {
    const kind = request.query.kind;
    if (kind !== undefined && kind !== "" && !isDocumentKind(kind))
      throw new ApiError(400, `kind must be ${KINDS_TEXT}, got ${JSON.stringify(kind)}`);
    return {
      documents: await documents.listDocuments(
        kind === undefined || kind === "" ? undefined : kind,
      ),
    };
  });

  app.get<{ Params: { id: string } }>("/api/v1/documents/:id", read, async (request) => {
    const document = await documents.getDocument(request.params.id);
    if (document === undefined) throw new ApiError(404, `no document ${request.params.id}`);
    return withContent(document);
  });

  app.post("/api/v1/documents", write, async (request, reply) => {
    const body = parseBody(CreateBody, request.body);
    const created = await documents.createDocument({
      id: randomBytes(8).toString("hex"),
      kind: body.kind,
      name: body.name,
      content: contentText(body.content),
      owner: ownerOf(request),
      at: context.clock().toISOString(),
    });
    return reply.code(201).send(withContent(created));
  });

  app.put<{ Params: { id: string } }>("/api/v1/documents/:id", write, async (request) => {
    const body = parseBody(UpdateBody, request.body);
    const result = await documents.updateDocument(request.params.id, {
      expectedVersion: body.version,
      at: context.clock().toISOString(),
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.content === undefined ? {} : { content: contentText(body.content) }),
    });
    if (result.outcome === "not_found")
      throw new ApiError(404, `no document ${request.params.id}: it may have been deleted`);
    if (result.outcome === "conflict")
      throw new ApiError(
        409,
        `the document was changed by someone else since you read it (you sent version ${body.version}, it is now at version ${result.current.version}, saved ${result.current.updatedAt}): reload it and apply your changes again, or save yours as a copy`,
        { currentVersion: result.current.version, updatedAt: result.current.updatedAt },
      );
    return withContent(result.document);
  });

  app.delete<{ Params: { id: string } }>("/api/v1/documents/:id", write, async (request, reply) => {
    if (!(await documents.deleteDocument(request.params.id)))
      throw new ApiError(404, `no document ${request.params.id}`);
    return reply.code(204).send();
  });
}
