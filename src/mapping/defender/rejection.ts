// The reasons a Defender record is rejected, and the error that carries one out of a reader.

export type RejectReason =
  | "malformed_json"
  | "not_an_object"
  | "unknown_shape"
  | "missing_field"
  | "invalid_value"
  | "unknown_severity"
  | "invalid_date";

/** Thrown by record readers, caught by `mapDefenderRecord`: never escapes the mapper. */
export class RecordRejection extends Error {
  constructor(
    readonly reason: RejectReason,
    /** Canonical (camelCase) path of the field at fault, e.g. `properties.timeGenerated`. */
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "RecordRejection";
  }
}

export function missing(field: string, why: string): RecordRejection {
  return new RecordRejection("missing_field", field, `${field} is missing: ${why}`);
}
