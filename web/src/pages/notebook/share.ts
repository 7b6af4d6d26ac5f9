// Share links: a query (or a whole notebook) travels in the URL hash, base64url-encoded UTF-8.
export interface SharedSection {
  readonly query: string;
  readonly visualization?: string;
}

export interface SharedNotebook {
  readonly title: string;
  readonly timeframe: string;
  readonly sections: readonly SharedSection[];
}

function encode(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(text: string): string | undefined {
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export const notebookLink = (query: string) => `/notebook#q=${encode(query)}`;
export const sharedNotebookLink = (notebook: SharedNotebook) =>
  `/notebook#nb=${encode(JSON.stringify(notebook))}`;

/** What a notebook URL hash carries: one query (`#q=`) or a whole notebook (`#nb=`). */
export function readShared(hash: string): SharedNotebook | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const q = params.get("q");
  if (q !== null) {
    const query = decode(q);
    return query === undefined
      ? undefined
      : { title: "Shared query", timeframe: "7d", sections: [{ query }] };
  }
  const nb = params.get("nb");
  if (nb === null) return undefined;
  try {
    const parsed = JSON.parse(decode(nb) ?? "") as SharedNotebook;
    return Array.isArray(parsed.sections) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
