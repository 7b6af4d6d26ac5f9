// Notebooks and dashboards that earlier versions kept in this browser's localStorage, moved once to the server.
import {
  createDocument,
  DOCUMENTS_CHANGED_EVENT,
  type DocumentKind,
  documentName,
} from "../api/documents";

/** Where earlier versions kept them, and the kind each becomes on the server. */
const LEGACY_KEYS: readonly { key: string; kind: DocumentKind }[] = [
  { key: "vigil.notebooks", kind: "notebook" },
  { key: "vigil.dashboards", kind: "dashboard" },
];

/** Set while one tab moves the items, so a second tab does not upload them twice. */
const LOCK_KEY = "vigil.documents.moving";
const LOCK_MS = 60_000;

type LegacyItem = Record<string, unknown> & { id?: unknown; title?: unknown };

function readItems(key: string): LegacyItem[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? "[]");
    return Array.isArray(parsed)
      ? parsed.filter((item): item is LegacyItem => item !== null && typeof item === "object")
      : [];
  } catch {
    return [];
  }
}

function writeItems(key: string, items: readonly LegacyItem[]): void {
  if (items.length === 0) window.localStorage.removeItem(key);
  else window.localStorage.setItem(key, JSON.stringify(items));
}

/** How many notebooks and dashboards this browser still holds from before. */
export function legacyCounts(): Record<DocumentKind, number> {
  const counts: Record<DocumentKind, number> = { notebook: 0, dashboard: 0 };
  try {
    for (const { key, kind } of LEGACY_KEYS) counts[kind] += readItems(key).length;
  } catch {
    // localStorage unavailable (privacy mode): nothing to move.
  }
  return counts;
}

export interface MoveResult {
  readonly moved: Record<DocumentKind, number>;
  /** Items the server refused (kept in this browser), with its reason. */
  readonly failed: readonly { kind: DocumentKind; title: string; message: string }[];
}

/** The document an item of an earlier version becomes: its title as the name, the rest as content. */
function asDocument(kind: DocumentKind, item: LegacyItem): { name: string; content: object } {
  const { id: _id, title, updatedAt: _updatedAt, ...rest } = item;
  const fallback = kind === "notebook" ? "Untitled notebook" : "My dashboard";
  const name = documentName(typeof title === "string" ? title : "", fallback);
  return kind === "notebook"
    ? { name, content: { timeframe: rest.timeframe ?? "7d", sections: rest.sections ?? [] } }
    : { name, content: { ...rest, title: name } };
}

/**
 * Uploads what this browser kept before the server stored notebooks and dashboards, once: each
 * item leaves localStorage as soon as the server has it, so an interrupted move resumes without
 * duplicates. Returns undefined when there was nothing to move (or another tab is moving).
 */
export async function moveLocalDocuments(): Promise<MoveResult | undefined> {
  const counts = legacyCounts();
  if (counts.notebook + counts.dashboard === 0) return undefined;
  const lock = Number(window.localStorage.getItem(LOCK_KEY) ?? 0);
  if (Date.now() - lock < LOCK_MS) return undefined;
  window.localStorage.setItem(LOCK_KEY, String(Date.now()));
  const moved: Record<DocumentKind, number> = { notebook: 0, dashboard: 0 };
  const failed: { kind: DocumentKind; title: string; message: string }[] = [];
  try {
    for (const { key, kind } of LEGACY_KEYS) {
      for (const item of readItems(key)) {
        const { name, content } = asDocument(kind, item);
        try {
          await createDocument(kind, name, content);
          moved[kind] += 1;
          writeItems(
            key,
            readItems(key).filter((other) => JSON.stringify(other) !== JSON.stringify(item)),
          );
        } catch (error) {
          failed.push({ kind, title: name, message: (error as Error).message });
        }
      }
    }
  } finally {
    window.localStorage.removeItem(LOCK_KEY);
  }
  if (moved.notebook + moved.dashboard > 0)
    window.dispatchEvent(new Event(DOCUMENTS_CHANGED_EVENT));
  return { moved, failed };
}

export const newId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
