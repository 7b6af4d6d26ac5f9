// Request bodies: gzip with a size cap, strict UTF-8, JSON or NDJSON — each failure a clear 4xx.
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ApiError } from "./errors.js";

/** Content types the ingest endpoints accept (the body is parsed by the route, not by Fastify). */
export const JSON_TYPES = ["application/json"] as const;
export const DEFENDER_TYPES = ["application/json", "application/x-ndjson", "text/plain"] as const;

/** Gunzips `payload` when the request says `Content-Encoding: gzip`, counting compressed bytes for Fastify. */
export function decodeContentEncoding(payload: Readable, encoding: string | undefined): Readable {
  const value = (encoding ?? "identity").toLowerCase().trim();
  if (value === "identity" || value === "") return payload;
  if (value !== "gzip")
    throw new ApiError(
      415,
      `Content-Encoding ${JSON.stringify(encoding)} is not supported: send identity or gzip`,
    );
  const gunzip = createGunzip() as ReturnType<typeof createGunzip> & {
    receivedEncodedLength: number;
  };
  gunzip.receivedEncodedLength = 0;
  payload.on("data", (chunk: Buffer) => {
    gunzip.receivedEncodedLength += chunk.length;
  });
  payload.pipe(gunzip);
  return gunzip;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes strict UTF-8; invalid bytes are a 400, never silently replaced. */
export function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ApiError(400, "the body is not valid UTF-8");
  }
}

/** Parses a JSON body that must be an object or an array of objects; returns the records. */
export function parseJsonRecords(text: string, maxRecords: number): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "the body is not valid JSON", { parser: (error as Error).message });
  }
  if (Array.isArray(document)) {
    if (document.length > maxRecords)
      throw new ApiError(
        413,
        `too many records in one request: ${document.length} (at most ${maxRecords})`,
      );
    return document;
  }
  if (document !== null && typeof document === "object") return [document];
  throw new ApiError(
    400,
    `the body must be a JSON object or an array of objects, got ${document === null ? "null" : typeof document}`,
  );
}

/** A small management body (the raw buffer the content parser keeps) as a JSON object; a clear 400 otherwise. */
export function readJsonObject(body: unknown, what = "a JSON body"): Record<string, unknown> {
  if (!Buffer.isBuffer(body)) throw new ApiError(400, `${what} is required`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError(400, "the body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ApiError(400, "the body must be a JSON object");
  return parsed as Record<string, unknown>;
}
