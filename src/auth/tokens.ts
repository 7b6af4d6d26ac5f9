// API tokens: `vgl_<id>.<secret>`, stored as the SHA-256 of the secret, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { TokenRecord, TokenStore } from "../store/metadata-store.js";
import { isScope, SCOPES, type Scope } from "./scopes.js";

const TOKEN = /^vgl_([a-z0-9]{16})\.([A-Za-z0-9_-]{43})$/;

export interface CreatedToken {
  /** The token text: shown once, never stored. */
  readonly token: string;
  readonly record: TokenRecord;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenError";
  }
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Creates and stores a token with `scopes`; every unknown scope is reported at once. */
export async function createToken(
  store: TokenStore,
  name: string,
  scopes: readonly string[],
  now: Date,
): Promise<CreatedToken> {
  const unknown = scopes.filter((scope) => !isScope(scope));
  const problems = [
    ...(name.trim() === "" || name.length > 200 ? ["name must be 1-200 characters"] : []),
    ...(scopes.length === 0 ? ["at least one --scope is needed"] : []),
    ...unknown.map(
      (scope) => `unknown scope ${JSON.stringify(scope)} (known: ${SCOPES.join(", ")})`,
    ),
  ];
  if (problems.length > 0) throw new TokenError(problems.join("; "));
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const record: TokenRecord = {
    id,
    name,
    scopes: [...new Set(scopes)],
    createdAt: now.toISOString(),
  };
  await store.insertToken(record, hashSecret(secret));
  return { token: `vgl_${id}.${secret}`, record };
}

/** The token's record when `text` is a valid, unrevoked token; undefined otherwise (never says which part was wrong). */
export async function verifyToken(
  store: TokenStore,
  text: string,
): Promise<TokenRecord | undefined> {
  const match = TOKEN.exec(text.trim());
  if (match === null) return undefined;
  const found = await store.findToken(match[1] as string);
  if (found === undefined || found.record.revokedAt !== undefined) return undefined;
  const expected = Buffer.from(found.secretHash, "hex");
  const actual = Buffer.from(hashSecret(match[2] as string), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual)
    ? found.record
    : undefined;
}

export function hasScope(record: TokenRecord, scope: Scope): boolean {
  return record.scopes.includes(scope);
}
