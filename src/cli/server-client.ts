// Finds a running Vigil server (--url/--token, VIGIL_URL/VIGIL_TOKEN, or the data directory's discovery files) and calls it.
import { existsSync, readFileSync } from "node:fs";
import { discoveryPaths } from "../api/server.js";

export interface ServerTarget {
  readonly url: string;
  readonly token: string;
}

export interface ServerFlags {
  url?: string;
  token?: string;
}

/**
 * The server to talk to, or undefined to open the store directly. Explicit flags and environment
 * win; otherwise a server that left `server.json` and `admin-token` in the data directory is used.
 */
export function findServer(
  flags: ServerFlags,
  env: NodeJS.ProcessEnv = process.env,
): ServerTarget | undefined {
  // An empty flag or variable counts as unset (`VIGIL_TOKEN=` must not hide the discovered admin token).
  const url = nonEmpty(flags.url) ?? nonEmpty(env.VIGIL_URL);
  const token = nonEmpty(flags.token) ?? nonEmpty(env.VIGIL_TOKEN);
  if (url !== undefined) {
    if (token === undefined)
      throw new Error(`a token is needed to use the server at ${url}: --token or VIGIL_TOKEN`);
    return { url: url.replace(/\/$/, ""), token };
  }
  const paths = discoveryPaths(env.VIGIL_DATA_DIR ?? "data");
  if (!existsSync(paths.serverFile) || !existsSync(paths.adminTokenFile)) return undefined;
  try {
    const server = JSON.parse(readFileSync(paths.serverFile, "utf8")) as {
      url?: string;
      pid?: number;
    };
    if (typeof server.url !== "string" || !isAlive(server.pid)) return undefined;
    return { url: server.url, token: token ?? readFileSync(paths.adminTokenFile, "utf8").trim() };
  } catch {
    return undefined;
  }
}

/** Calls the server; non-2xx answers become a ServerError with the server's message. */
export async function callServer<T>(
  target: ServerTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      authorization: `Api-Token ${target.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
  if (!response.ok) {
    const error = (parsed as { error?: { message?: string; details?: { code?: unknown } } })?.error;
    const code = error?.details?.code;
    throw new ServerError(
      response.status,
      error?.message ?? response.statusText,
      typeof code === "string" ? code : undefined,
    );
  }
  return parsed as T;
}

/** A non-2xx answer: the status, the server's message and, for a store refusal, the store's error code. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly storeCode?: string,
  ) {
    super(`the server answered ${status}: ${serverMessage}`);
    this.name = "ServerError";
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
