// Deterministic ids (object, finding, scan, event), so that a redelivered record never duplicates.
import * as crypto from "node:crypto";

/** Hex SHA-256 of the parts joined with "\n"; missing parts count as empty strings. */
export function hashParts(parts: readonly (string | number | boolean | undefined)[]): string {
  return sha256Hex(parts.map((part) => (part === undefined ? "" : String(part))).join("\n"));
}

/** One-shot `crypto.hash` (Node ≥ 20.12, several times cheaper per id), else a Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

/** `<registry>/<repository>@<digest>`: a pullable reference, stable across scans. */
export function objectIdOf(registry: string, repository: string, digest: string): string {
  return `${registry}/${repository}@${digest}`;
}

export interface FindingIdParts {
  readonly objectId: string;
  readonly vulnerabilityId: string;
  readonly componentName: string | undefined;
  readonly componentVersion: string | undefined;
  readonly productName: string;
  readonly productVendor: string;
}

/** finding.id: the same vulnerability in the same component of the same image, per product. */
export function findingIdOf(parts: FindingIdParts): string {
  return hashParts([
    parts.objectId,
    parts.vulnerabilityId,
    parts.componentName,
    parts.componentVersion,
    parts.productName,
    parts.productVendor,
  ]);
}

/** scan.id: one scan of one image at one time. */
export function scanIdOf(objectId: string, scanTime: string): string {
  return hashParts([objectId, scanTime]);
}
