// Serves the built web app (dist/web): hashed assets cached forever, everything else revalidated, SPA fallback to index.html.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { errorBody } from "../errors.js";

/** Paths that belong to the API: an unknown one is a JSON 404, never the app's HTML. */
const API_PREFIXES = ["/api/", "/platform/", "/ui/", "/health", "/ready", "/metrics"];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".json", ".svg", ".map", ".txt"]);

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file under `root` a URL path names, or undefined when it would leave `root` or is malformed. */
export function resolveWebPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const target = resolve(root, `.${normalize(`/${decoded}`)}`);
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep)
    ? target
    : undefined;
}

export function registerUiStaticRoutes(app: FastifyInstance, webRoot: string): void {
  const root = resolve(webRoot);
  const index = join(root, "index.html");
  const gzipped = new Map<string, Buffer>();

  app.get("/*", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (
      API_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, "") || path.startsWith(prefix))
    )
      return reply.code(404).send(errorBody(404, `no route GET ${path}`));
    const file = resolveWebPath(root, path);
    if (file === undefined) return reply.code(400).send(errorBody(400, "malformed path"));
    if (file !== root && (await isFile(file))) {
      const hashed = path.startsWith("/assets/");
      reply
        .header("cache-control", hashed ? IMMUTABLE : REVALIDATE)
        .header("x-content-type-options", "nosniff")
        .type(CONTENT_TYPES[extname(file)] ?? "application/octet-stream");
      // Hashed assets never change: gzip each once, keep it for this server's life.
      if (
        hashed &&
        COMPRESSIBLE.has(extname(file)) &&
        /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))
      ) {
        let body = gzipped.get(file);
        if (body === undefined) {
          body = gzipSync(await readFile(file), { level: 9 });
          gzipped.set(file, body);
        }
        return reply
          .header("content-encoding", "gzip")
          .header("vary", "accept-encoding")
          .send(body);
      }
      return reply.send(createReadStream(file));
    }
    // A missing asset is a 404; any other path is a client-side route of the app.
    if (extname(path) !== "") return reply.code(404).send(errorBody(404, `no file ${path}`));
    if (!(await isFile(index)))
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The Vigil web app is not built: run `npm run build:web`, then reload.\n");
    return reply
      .header("cache-control", REVALIDATE)
      .header("x-content-type-options", "nosniff")
      .header("x-frame-options", "DENY")
      .type("text/html; charset=utf-8")
      .send(createReadStream(index));
  });
}
