// Azure context read from ARM ids: subscription, assessed resource id, recommendation key, portal link.
import { path, text } from "./read-keys.js";

/** `/subscriptions/<id>/…` → id (placeholders such as `{SubscriptionId}` are returned as they are). */
export function subscriptionOf(armId: string): string | undefined {
  const match = /\/subscriptions\/([^/]+)/i.exec(armId);
  return text(match?.[1]);
}

/** The assessed resource: the ARM id before `/providers/Microsoft.Security/assessments`. */
export function assessedResourceOf(armId: string): string | undefined {
  const index = armId.toLowerCase().indexOf("/providers/microsoft.security/assessments");
  return index > 0 ? armId.slice(0, index) : undefined;
}

/** The recommendation key: the GUID after `/assessments/`. */
export function assessmentKeyOf(armId: string): string | undefined {
  const match = /\/assessments\/([^/]+)/i.exec(armId);
  return text(match?.[1])?.toLowerCase();
}

/** The Azure portal link of an assessment, made absolute. */
export function portalUrlOf(record: unknown): string | undefined {
  const link = text(path(record, "properties", "links", "azurePortal"));
  if (link === undefined) return undefined;
  return /^https?:\/\//i.test(link) ? link : `https://${link}`;
}
