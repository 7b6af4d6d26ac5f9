// The token scopes Vigil knows (Dynatrace's names, so existing tokens' intent carries over).

export const SCOPES = [
  "openpipeline.events_security",
  "openpipeline.events_security.custom",
  "storage:security.events:read",
  "storage:buckets:read",
  "storage:buckets:write",
  "settings:read",
  "settings:write",
  // Vigil's own: the team's notebooks and dashboards (documents) — read, and create/update/delete.
  "documents:read",
  "documents:write",
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
