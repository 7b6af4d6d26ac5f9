// Deliberately broken container records: truncated JSON, no digest anywhere, a bad date, an unknown severity.
import type { GenerationContext } from "./generation-context.js";
import { eventHubSubAssessment, type MdvmCore } from "./mdvm-record.js";
import type { Prng } from "./prng.js";

export type MalformedKind =
  | "malformed-json"
  | "malformed-missing-digest"
  | "malformed-bad-date"
  | "malformed-unknown-severity";

type Json = Record<string, unknown>;

/** Breaks a registry finding the way `kind` says (working on a freshly parsed copy). */
export function malformedLine(
  ctx: GenerationContext,
  prng: Prng,
  kind: MalformedKind,
  core: MdvmCore,
): string {
  const line = eventHubSubAssessment(ctx, core, {
    action: "Insert",
    isSnapshot: false,
    securityEnrichment: false,
  });
  if (kind === "malformed-json")
    return line.slice(0, Math.floor(line.length * (0.3 + prng.next() * 0.6)));
  const record = JSON.parse(line) as Json;
  const properties = record.properties as Json;
  const additionalData = properties.additionalData as Json;
  switch (kind) {
    case "malformed-missing-digest": {
      const artifact = additionalData.artifactDetails as Json;
      delete artifact.digest;
      properties.resourceDetails = {
        source: "Azure",
        id: `${core.resourceId}/repositories/${String(artifact.repositoryName)}`,
      };
      break;
    }
    case "malformed-bad-date":
      properties.timeGenerated = "not-a-date";
      break;
    case "malformed-unknown-severity":
      (properties.status as Json).severity = "Severe";
      (additionalData.vulnerabilityDetails as Json).severity = "Severe";
      break;
  }
  return JSON.stringify(record);
}
