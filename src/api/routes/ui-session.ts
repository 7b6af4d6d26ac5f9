// Web UI sign-in: a pasted API token becomes an httpOnly, SameSite=Strict session cookie the API accepts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { verifyToken } from "../../auth/tokens.js";
import { ApiError } from "../errors.js";
import type { ServerContext } from "../server-context.js";

/** The cookie that carries the signed-in token (httpOnly: page scripts never see it). */
export const SESSION_COOKIE = "vigil_session";

const MAX_AGE_SECONDS = 8 * 3600;

/** The token text of a `Cookie` header's session cookie, or undefined (for auth.ts when there is no Authorization header). */
export function tokenFromCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      const value = decodeURIComponent(raw);
      return value === "" ? undefined : value;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAge: number): string {
  const secure = request.protocol === "https" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

function tokenFromBody(body: unknown): string {
  if (!Buffer.isBuffer(body)) throw new ApiError(400, "a JSON body {token} is required");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError(400, "the body is not valid JSON");
  }
  const token = (parsed as { token?: unknown } | null)?.token;
  if (typeof token !== "string" || token.trim() === "")
    throw new ApiError(400, "paste an API token: {token: 'vgl_…'}");
  return token.trim();
}

export function registerUiSessionRoutes(app: FastifyInstance, context: ServerContext): void {
  const tokens = context.storage.metadata;
  const describe = (record: { id: string; name: string; scopes: readonly string[] }) => ({
    id: record.id,
    name: record.name,
    scopes: record.scopes,
  });

  // Public routes (no `scope`): they do their own verification.
  app.post("/ui/session", async (request, reply: FastifyReply) => {
    const text = tokenFromBody(request.body);
    const record = await verifyToken(tokens, text);
    if (record === undefined)
      throw new ApiError(
        401,
        "the token is invalid or revoked: create one with `vigil token create`",
      );
    void reply.header("set-cookie", cookie(request, text, MAX_AGE_SECONDS));
    void reply.header("cache-control", "no-store");
    return describe(record);
  });

  app.get("/ui/session", async (request, reply) => {
    void reply.header("cache-control", "no-store");
    const text = tokenFromCookie(request.headers.cookie);
    const record = text === undefined ? undefined : await verifyToken(tokens, text);
    if (record === undefined) throw new ApiError(401, "not signed in");
    return describe(record);
  });

  app.delete("/ui/session", async (request, reply) => {
    void reply.header("set-cookie", cookie(request, "", 0));
    return reply.code(204).send();
  });
}
