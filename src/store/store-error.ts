// Errors the store reports to its callers, each with a stable code.

export type StoreErrorCode =
  | "BUCKET_NOT_FOUND"
  | "BUCKET_EXISTS"
  | "BUCKET_INVALID"
  | "BUCKET_BUILT_IN"
  | "BUCKET_IN_USE"
  | "RULE_INVALID"
  | "RULE_NOT_FOUND"
  | "STORE_UNAVAILABLE"
  | "STORE_LOCKED"
  | "STORE_INVALID_VALUE";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreError";
  }
}
