// Notebooks and dashboards in Vigil's database (the documents table), over any SQL backend.
import { timestampParam } from "./dialect.js";
import type {
  DocumentChange,
  DocumentKind,
  DocumentStore,
  DocumentSummary,
  NewDocument,
  StoredDocument,
  UpdateResult,
} from "./document-store.js";
import type { Row } from "./event-store.js";
import type { SqlBackend } from "./sql-backend.js";

const SUMMARY_COLUMNS = "id, kind, name, owner, created_at, updated_at, version";

export class SqlDocumentStore implements DocumentStore {
  constructor(private readonly backend: SqlBackend) {}

  private ts(index: number): string {
    return timestampParam(this.backend.dialect, index);
  }

  listDocuments(kind?: DocumentKind): Promise<DocumentSummary[]> {
    const where = kind === undefined ? "" : "WHERE kind = $1";
    return this.backend.read(async (session) =>
      (
        await session.all(
          `SELECT ${SUMMARY_COLUMNS} FROM documents ${where} ORDER BY updated_at DESC, id`,
          kind === undefined ? [] : [kind],
        )
      ).map(toSummary),
    );
  }

  getDocument(id: string): Promise<StoredDocument | undefined> {
    return this.backend.read(async (session) => {
      const row = (
        await session.all(`SELECT ${SUMMARY_COLUMNS}, content FROM documents WHERE id = $1`, [id])
      )[0];
      return row === undefined ? undefined : toDocument(row);
    });
  }

  createDocument(document: NewDocument): Promise<StoredDocument> {
    return this.backend.transaction(async (session) => {
      await session.run(
        `INSERT INTO documents (id, kind, name, content, owner, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, ${this.ts(6)}, ${this.ts(7)}, 1)`,
        [
          document.id,
          document.kind,
          document.name,
          document.content,
          document.owner,
          document.at,
          document.at,
        ],
      );
      return toDocument(
        (
          await session.all(`SELECT ${SUMMARY_COLUMNS}, content FROM documents WHERE id = $1`, [
            document.id,
          ])
        )[0] as Row,
      );
    });
  }

  updateDocument(id: string, change: DocumentChange): Promise<UpdateResult> {
    const sets = [`updated_at = ${this.ts(1)}`, "version = version + 1"];
    const params: (string | number)[] = [change.at];
    if (change.name !== undefined) {
      params.push(change.name);
      sets.push(`name = $${params.length}`);
    }
    if (change.content !== undefined) {
      params.push(change.content);
      sets.push(`content = $${params.length}`);
    }
    params.push(id, change.expectedVersion);
    return this.backend.transaction(async (session) => {
      // Compare-and-set: only one of several writers holding the same version changes the row.
      const changed = await session.run(
        `UPDATE documents SET ${sets.join(", ")} WHERE id = $${params.length - 1} AND version = $${params.length}`,
        params,
      );
      const row = (
        await session.all(`SELECT ${SUMMARY_COLUMNS}, content FROM documents WHERE id = $1`, [id])
      )[0];
      if (row === undefined) return { outcome: "not_found" };
      return changed > 0
        ? { outcome: "updated", document: toDocument(row) }
        : { outcome: "conflict", current: toSummary(row) };
    });
  }

  deleteDocument(id: string): Promise<boolean> {
    return this.backend.transaction(
      async (session) => (await session.run("DELETE FROM documents WHERE id = $1", [id])) > 0,
    );
  }
}

function toSummary(row: Row): DocumentSummary {
  return {
    id: String(row.id),
    kind: row.kind === "dashboard" ? "dashboard" : "notebook",
    name: String(row.name),
    owner: String(row.owner),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    version: Number(row.version),
  };
}

function toDocument(row: Row): StoredDocument {
  return { ...toSummary(row), content: String(row.content) };
}
