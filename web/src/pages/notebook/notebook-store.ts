// Notebooks kept by Vigil's server (documents of kind "notebook"): title, timeframe and sections.
import {
  createDocument,
  deleteDocument,
  documentName,
  getDocument,
  listDocuments,
  updateDocument,
} from "../../api/documents";
import type { Visualization } from "../../components/result-view";

export interface NotebookSection {
  readonly id: string;
  readonly query: string;
  readonly visualization?: Visualization;
}

export interface Notebook {
  /** Set once saved on the server. */
  readonly id?: string;
  /** The version read from the server (sent back on save). */
  readonly version?: number;
  readonly title: string;
  readonly timeframe: string;
  readonly sections: readonly NotebookSection[];
  readonly updatedAt?: string;
}

/** What a notebook document's content holds (its title is the document's name). */
interface NotebookContent {
  readonly timeframe: string;
  readonly sections: readonly NotebookSection[];
}

export const UNTITLED_NOTEBOOK = "Untitled notebook";

export const listNotebooks = () => listDocuments("notebook");

export async function loadNotebook(id: string): Promise<Notebook> {
  const document = await getDocument<Partial<NotebookContent>>(id);
  return {
    id: document.id,
    version: document.version,
    title: document.name,
    timeframe: typeof document.content.timeframe === "string" ? document.content.timeframe : "7d",
    sections: Array.isArray(document.content.sections) ? document.content.sections : [],
    updatedAt: document.updatedAt,
  };
}

const contentOf = (notebook: Notebook): NotebookContent => ({
  timeframe: notebook.timeframe,
  sections: notebook.sections,
});

/** Creates the notebook (no id yet) or updates it at the version it was read at; returns the saved identity. */
export async function saveNotebook(
  notebook: Notebook,
): Promise<{ id: string; version: number; updatedAt: string }> {
  const name = documentName(notebook.title, UNTITLED_NOTEBOOK);
  const saved =
    notebook.id === undefined || notebook.version === undefined
      ? await createDocument("notebook", name, contentOf(notebook))
      : await updateDocument(notebook.id, notebook.version, { name, content: contentOf(notebook) });
  return { id: saved.id, version: saved.version, updatedAt: saved.updatedAt };
}

export const deleteNotebook = (id: string) => deleteDocument(id);
