// The new-connection form's values, validation (every problem at once) and the API body it becomes.
import type { NewConnection } from "../../api/connections";

export type AuthMethod = "connectionString" | "servicePrincipal" | "managedIdentity";

export interface ConnectionDraft {
  name: string;
  auth: AuthMethod;
  connectionString: string;
  namespace: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  eventHub: string;
  consumerGroup: string;
  startPosition: "earliest" | "latest";
  bucket: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A connection string's `Key=value` parts, keys lower-cased (as the server reads them). */
function connectionStringParts(text: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const piece of text.split(";")) {
    const at = piece.indexOf("=");
    if (at > 0) parts.set(piece.slice(0, at).trim().toLowerCase(), piece.slice(at + 1).trim());
  }
  return parts;
}

/** Whether the server can read it: an sb:// endpoint and a key (or signature), or the development emulator. */
function isConnectionString(text: string): boolean {
  const parts = connectionStringParts(text);
  if (!/^sb:\/\/[^/]+/i.test(parts.get("endpoint") ?? "")) return false;
  return (
    (parts.has("sharedaccesskeyname") && parts.has("sharedaccesskey")) ||
    parts.has("sharedaccesssignature") ||
    parts.get("usedevelopmentemulator")?.toLowerCase() === "true"
  );
}

/** The EntityPath (event hub) a connection string names, if any. */
export function entityPathOf(connectionString: string): string | undefined {
  const path = connectionStringParts(connectionString).get("entitypath");
  return path === "" ? undefined : path;
}

/** The server wants the namespace's host name: `my-ns` becomes `my-ns.servicebus.windows.net`. */
export function qualifiedNamespace(namespace: string): string {
  const trimmed = namespace.trim();
  return trimmed.includes(".") ? trimmed : `${trimmed}.servicebus.windows.net`;
}

export function validateDraft(
  draft: ConnectionDraft,
): Partial<Record<keyof ConnectionDraft, string>> {
  const problems: Partial<Record<keyof ConnectionDraft, string>> = {};
  const name = draft.name.trim();
  if (name === "") problems.name = "Give the connection a name.";
  else if (name.length > 100) problems.name = "At most 100 characters.";
  else if (!NAME.test(name))
    problems.name = "Letters, digits, . _ - (no spaces), starting with a letter or digit.";
  if (draft.auth === "connectionString") {
    if (!isConnectionString(draft.connectionString.trim()))
      problems.connectionString =
        "Paste the whole string: Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=… (az eventhubs eventhub authorization-rule keys list …).";
  } else {
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]{2,}$/.test(draft.namespace.trim()))
      problems.namespace =
        "The namespace name or host, e.g. my-ns or my-ns.servicebus.windows.net.";
    if (draft.auth === "servicePrincipal") {
      if (!GUID.test(draft.tenantId.trim())) problems.tenantId = "A tenant id is a GUID.";
      if (!GUID.test(draft.clientId.trim()))
        problems.clientId = "A client (application) id is a GUID.";
      if (draft.clientSecret.trim() === "")
        problems.clientSecret = "The client secret is required.";
    } else if (draft.clientId.trim() !== "" && !GUID.test(draft.clientId.trim()))
      problems.clientId =
        "A user-assigned identity's client id is a GUID (leave empty for the system identity).";
  }
  const hub = draft.eventHub.trim() || (entityPathOf(draft.connectionString) ?? "");
  if (!NAME.test(hub)) problems.eventHub = "The event hub name (letters, digits, . _ -).";
  else if (draft.auth === "connectionString") {
    const entity = entityPathOf(draft.connectionString);
    if (entity !== undefined && entity !== hub)
      problems.eventHub = `The connection string is for the hub "${entity}".`;
  }
  if (
    draft.consumerGroup.trim() !== "" &&
    !/^(\$Default|[A-Za-z0-9][A-Za-z0-9._-]{0,49})$/.test(draft.consumerGroup.trim())
  )
    problems.consumerGroup = "Letters, digits, . _ - (or $Default).";
  return problems;
}

export function toRequest(draft: ConnectionDraft): NewConnection {
  const hub = draft.eventHub.trim() || (entityPathOf(draft.connectionString) ?? "");
  const common = {
    name: draft.name.trim(),
    eventHub: hub,
    ...(draft.consumerGroup.trim() === "" ? {} : { consumerGroup: draft.consumerGroup.trim() }),
    startPosition: draft.startPosition,
    ...(draft.bucket.trim() === "" ? {} : { bucket: draft.bucket.trim() }),
  };
  if (draft.auth === "connectionString")
    return { ...common, connectionString: draft.connectionString.trim() };
  if (draft.auth === "servicePrincipal")
    return {
      ...common,
      namespace: qualifiedNamespace(draft.namespace),
      tenantId: draft.tenantId.trim(),
      clientId: draft.clientId.trim(),
      clientSecret: draft.clientSecret,
    };
  return {
    ...common,
    namespace: qualifiedNamespace(draft.namespace),
    managedIdentity: true,
    ...(draft.clientId.trim() === "" ? {} : { clientId: draft.clientId.trim() }),
  };
}
