// Event Hubs connections: what a user configures, validated with every problem reported; secrets kept apart.

export type StartPosition = "earliest" | "latest" | string;

export type ConnectionAuth =
  | { readonly kind: "connection_string"; readonly connectionString: string }
  | {
      readonly kind: "service_principal";
      readonly tenantId: string;
      readonly clientId: string;
      readonly clientSecret: string;
    }
  | { readonly kind: "managed_identity"; readonly clientId?: string };

export interface ConnectionSpec {
  readonly name: string;
  /** Fully qualified: `<ns>.servicebus.windows.net` (taken from the connection string when omitted). */
  readonly namespace?: string;
  readonly eventHub?: string;
  readonly consumerGroup?: string;
  readonly auth: ConnectionAuth;
  readonly startPosition?: StartPosition;
  readonly bucket?: string;
}

/** A stored connection, as the API returns it: never its secret. */
export interface Connection {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly eventHub: string;
  readonly consumerGroup: string;
  readonly authKind: ConnectionAuth["kind"];
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly startPosition: StartPosition;
  readonly bucket: string;
  readonly state: "running" | "paused";
  readonly lastError?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ParsedConnectionString {
  readonly endpoint: string;
  readonly namespace: string;
  readonly entityPath?: string;
  readonly emulator: boolean;
}

/** Reads an Event Hubs connection string; undefined fields mean they were absent. Throws on a malformed one. */
export function parseConnectionString(text: string): ParsedConnectionString {
  const parts = new Map<string, string>();
  for (const piece of text.split(";")) {
    const at = piece.indexOf("=");
    if (at > 0) parts.set(piece.slice(0, at).trim().toLowerCase(), piece.slice(at + 1).trim());
  }
  const endpoint = parts.get("endpoint");
  if (endpoint === undefined || !/^sb:\/\/[^/]+/i.test(endpoint)) {
    throw new Error(
      "the connection string has no Endpoint=sb://<namespace>.servicebus.windows.net/",
    );
  }
  const emulator = parts.get("usedevelopmentemulator")?.toLowerCase() === "true";
  const hasKey = parts.has("sharedaccesskeyname") && parts.has("sharedaccesskey");
  if (!emulator && !hasKey && !parts.has("sharedaccesssignature")) {
    throw new Error(
      "the connection string has no SharedAccessKeyName/SharedAccessKey (or SharedAccessSignature)",
    );
  }
  const host = endpoint.replace(/^sb:\/\//i, "").replace(/\/.*$/, "");
  const entityPath = parts.get("entitypath");
  return {
    endpoint,
    namespace: host.replace(/:\d+$/, ""),
    emulator,
    ...(entityPath === undefined || entityPath === "" ? {} : { entityPath }),
  };
}

export interface ResolvedConnection {
  readonly name: string;
  readonly namespace: string;
  readonly eventHub: string;
  readonly consumerGroup: string;
  readonly auth: ConnectionAuth;
  readonly startPosition: StartPosition;
  readonly bucket: string;
}

/** Validates a spec and fills defaults; every problem is reported at once. */
export function resolveConnectionSpec(
  spec: ConnectionSpec,
  defaultBucket: string,
): ResolvedConnection {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(spec.name ?? ""))
    problems.push(
      "name must be 1-100 characters of letters, digits, _ . - (starting with a letter or digit)",
    );
  let namespace = spec.namespace;
  let eventHub = spec.eventHub;
  const auth = spec.auth;
  if (auth?.kind === "connection_string") {
    try {
      const parsed = parseConnectionString(auth.connectionString);
      namespace ??= parsed.namespace;
      eventHub ??= parsed.entityPath;
    } catch (error) {
      problems.push((error as Error).message);
    }
  } else if (auth?.kind === "service_principal") {
    if (!auth.tenantId || !auth.clientId || !auth.clientSecret)
      problems.push("a service principal needs tenantId, clientId and clientSecret");
  } else if (auth?.kind !== "managed_identity") {
    problems.push("auth must be a connection string, a service principal or managed identity");
  }
  if (namespace === undefined || namespace === "")
    problems.push("namespace is required (<ns>.servicebus.windows.net)");
  else if (auth?.kind !== "connection_string" && !namespace.includes("."))
    problems.push(`namespace must be fully qualified, e.g. ${namespace}.servicebus.windows.net`);
  if (eventHub === undefined || eventHub === "")
    problems.push("eventHub is required (or EntityPath in the connection string)");
  const startPosition = spec.startPosition ?? "latest";
  if (
    startPosition !== "earliest" &&
    startPosition !== "latest" &&
    Number.isNaN(Date.parse(startPosition))
  ) {
    problems.push(
      `startPosition must be earliest, latest or an ISO-8601 time, got ${JSON.stringify(startPosition)}`,
    );
  }
  if (problems.length > 0) throw new ConnectionError(problems);
  return {
    name: spec.name,
    namespace: namespace as string,
    eventHub: eventHub as string,
    consumerGroup: spec.consumerGroup ?? "$Default",
    auth,
    startPosition,
    bucket: spec.bucket ?? defaultBucket,
  };
}

export class ConnectionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "ConnectionError";
  }
}

/** The `az` commands that remove what a connection used on the Azure side. */
export function azureCleanupCommands(
  connection: Pick<Connection, "namespace" | "eventHub" | "consumerGroup">,
): string[] {
  const ns = connection.namespace.replace(/\.servicebus\.windows\.net$/i, "");
  const commands = [
    `az security automation list --query "[?actions[?eventHubResourceId!=null]].{name:name, rg:resourceGroup}" -o table   # find the continuous export pointing at ${ns}/${connection.eventHub}`,
    "az security automation delete --name <automation-name> --resource-group <resource-group>",
  ];
  if (connection.consumerGroup !== "$Default") {
    commands.push(
      `az eventhubs eventhub consumer-group delete --namespace-name ${ns} --eventhub-name ${connection.eventHub} --name ${connection.consumerGroup} --resource-group <resource-group>`,
    );
  }
  commands.push(
    `az eventhubs eventhub delete --namespace-name ${ns} --name ${connection.eventHub} --resource-group <resource-group>   # only if nothing else reads it`,
  );
  return commands;
}
