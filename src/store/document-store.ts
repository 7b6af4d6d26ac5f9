// Documents the web app saves for the team: notebooks and own dashboards, each a JSON object with a version for optimistic concurrency.

export const DOCUMENT_KINDS = ["notebook", "dashboard"] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document without its content (what a list returns). */
export interface DocumentSummary {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly name: string;
  /** The id of the token that created it. */
  readonly owner: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** 1 when created, +1 on every update. */
  readonly version: number;
}

export interface StoredDocument extends DocumentSummary {
  /** The content as JSON text (an object). */
  readonly content: string;
}

export interface NewDocument {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly name: string;
  readonly content: string;
  readonly owner: string;
  readonly at: string;
}

export interface DocumentChange {
  readonly name?: string;
  readonly content?: string;
  /** The version the writer read; the update applies only when the document is still at it. */
  readonly expectedVersion: number;
  readonly at: string;
}

export type UpdateResult =
  | { readonly outcome: "updated"; readonly document: StoredDocument }
  | { readonly outcome: "conflict"; readonly current: DocumentSummary }
  | { readonly outcome: "not_found" };

export interface DocumentStore {
  /** Every document (of `kind`, when given), most recently updated first, without content. */
  listDocuments(kind?: DocumentKind): Promise<DocumentSummary[]>;
  getDocument(id: string): Promise<StoredDocument | undefined>;
  /** Stores a new document at version 1. */
  createDocument(document: NewDocument): Promise<StoredDocument>;
  /** Applies `change` when the document is still at `expectedVersion` (compare-and-set). */
  updateDocument(id: string, change: DocumentChange): Promise<UpdateResult>;
  /** True when a document was deleted. */
  deleteDocument(id: string): Promise<boolean>;
}

export function isDocumentKind(value: unknown): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly unknown[]).includes(value);
}
