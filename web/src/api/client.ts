// Fetch wrapper for the Vigil API: same-origin cookie session, JSON in and out, errors as ApiFailure.
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

/** Fired on any 401 so the shell can show the sign-in page again. */
export const SIGNED_OUT_EVENT = "vigil:signed-out";

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiFailure(0, "Vigil's server is not reachable: is `vigil serve` running?");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { message?: string; details?: unknown } } | undefined)
      ?.error;
    if (response.status === 401 && !path.startsWith("/ui/session"))
      window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw new ApiFailure(
      response.status,
      error?.message ?? `${method} ${path} failed with HTTP ${response.status}`,
      error?.details,
    );
  }
  return parsed as T;
}
