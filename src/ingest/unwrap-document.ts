// Splits one parsed JSON document into Defender records: object, array, {"records"}, {"value"}, {"data"}, REST examples.

/** A record found in a document, with its index in the document's list (undefined for a lone object). */
export interface DocumentRecord {
  readonly record: unknown;
  readonly index?: number;
  /** True when the record is the whole document (its original text can be kept verbatim). */
  readonly whole: boolean;
}

/** Keys that wrap a list of records: Event Hubs/Diagnostic `records`, ARM/ARG `value`, `az graph query` `data`. */
const LIST_KEYS = ["records", "value", "data"] as const;

/**
 * Unwraps a document into records.
 * @example unwrapDocument({ records: [a, b] }) // → [{ record: a, index: 0 }, { record: b, index: 1 }]
 */
export function unwrapDocument(document: unknown): DocumentRecord[] {
  if (Array.isArray(document))
    return document.map((record, index) => ({ record, index, whole: false }));
  if (typeof document === "object" && document !== null) {
    const object = document as Record<string, unknown>;
    if (object.type === undefined && object.Type === undefined) {
      for (const key of LIST_KEYS) {
        const list = object[key];
        if (Array.isArray(list))
          return list.map((record, index) => ({ record, index, whole: false }));
      }
      const example = restExampleBody(object);
      if (example !== undefined) return [{ record: example, whole: false }];
    }
  }
  return [{ record: document, whole: true }];
}

/** Azure REST API example documents keep the record at `responses["200"].body`. */
function restExampleBody(object: Record<string, unknown>): unknown {
  const responses = object.responses;
  if (typeof responses !== "object" || responses === null) return undefined;
  const ok = (responses as Record<string, unknown>)["200"];
  if (typeof ok !== "object" || ok === null) return undefined;
  const body = (ok as Record<string, unknown>).body;
  return typeof body === "object" && body !== null ? body : undefined;
}
