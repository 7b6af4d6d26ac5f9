// The team's notebooks and dashboards, kept by Vigil's server (/api/v1/documents); updates carry the version read.
import { ApiFailure, api } from "./client";

export type DocumentKind = "notebook" | "dashboard";

export interface DocumentSummary {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly name: string;
  /** The id of the token that created it. */
  readonly owner: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface StoredDocument<C> extends DocumentSummary {
  readonly content: C;
}

/** Fired after documents were created or deleted outside the page showing them (the move from localStorage). */
export const DOCUMENTS_CHANGED_EVENT = "vigil:documents-changed";

const path = (id: string) => `/api/v1/documents/${encodeURIComponent(id)}`;

export const listDocuments = async (kind: DocumentKind): Promise<DocumentSummary[]> =>
  (await api<{ documents: DocumentSummary[] }>("GET", `/api/v1/documents?kind=${kind}`)).documents;

export const getDocument = <C>(id: string) => api<StoredDocument<C>>("GET", path(id));

export const createDocument = <C>(kind: DocumentKind, name: string, content: C) =>
  api<StoredDocument<C>>("POST", "/api/v1/documents", { kind, name, content });

/** Saves at `version` (the one read); a 409 ApiFailure when someone saved in between. */
export const updateDocument = <C>(
  id: string,
  version: number,
  change: { name?: string; content?: C },
) => api<StoredDocument<C>>("PUT", path(id), { version, ...change });

export const deleteDocument = (id: string) => api<void>("DELETE", path(id));

export const isConflict = (error: unknown): error is ApiFailure =>
  error instanceof ApiFailure && error.status === 409;

export const isNotFound = (error: unknown): error is ApiFailure =>
  error instanceof ApiFailure && error.status === 404;

/** The version the server holds now, from a 409's details. */
export const currentVersionOf = (error: ApiFailure): number | undefined =>
  (error.details as { currentVersion?: number } | undefined)?.currentVersion;

/** A name the server accepts (1-200 characters after trimming). */
export const documentName = (title: string, fallback: string): string =>
  title.trim().slice(0, 200) || fallback;
