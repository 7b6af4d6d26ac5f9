// The API's one error type and its body shape: {"error": {"code": <status>, "message": …, "details": …}}.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ErrorBody {
  readonly error: { readonly code: number; readonly message: string; readonly details?: unknown };
}

export function errorBody(status: number, message: string, details?: unknown): ErrorBody {
  return { error: { code: status, message, ...(details === undefined ? {} : { details }) } };
}
