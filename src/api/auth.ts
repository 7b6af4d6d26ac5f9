// Authentication and scopes: `Authorization: Api-Token <token>` or `Bearer <token>`, checked before the body is read.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Scope } from "../auth/scopes.js";
import { hasScope, verifyToken } from "../auth/tokens.js";
import type { TokenRecord, TokenStore } from "../store/metadata-store.js";
import { ApiError } from "./errors.js";
import { tokenFromCookie } from "./routes/ui-session.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a route requires; routes without one are public (health, readiness). */
    scope?: Scope;
  }
  interface FastifyRequest {
    token?: TokenRecord;
  }
}

/** The token text of an Authorization header, or undefined. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:Api-Token|Bearer)\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** An onRequest hook enforcing the route's scope. */
export function scopeHook(tokens: TokenStore) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const scope = request.routeOptions.config.scope;
    if (scope === undefined) return;
    const text =
      tokenFromHeader(request.headers.authorization) ?? tokenFromCookie(request.headers.cookie);
    if (text === undefined)
      throw new ApiError(
        401,
        "authentication required: send Authorization: Api-Token <token>",
        undefined,
        { "www-authenticate": "Api-Token" },
      );
    const token = await verifyToken(tokens, text);
    if (token === undefined)
      throw new ApiError(401, "the token is invalid or revoked", undefined, {
        "www-authenticate": "Api-Token",
      });
    if (!hasScope(token, scope))
      throw new ApiError(403, `the token lacks the scope ${scope}`, { requiredScope: scope });
    request.token = token;
  };
}
