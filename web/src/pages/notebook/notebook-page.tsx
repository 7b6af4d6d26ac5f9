// The notebook: several DQL sections, one timeframe, saved on Vigil's server for the team, shareable by link.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import {
  currentVersionOf,
  DOCUMENTS_CHANGED_EVENT,
  type DocumentSummary,
  isConflict,
  isNotFound,
} from "../../api/documents";
import { EmptyState } from "../../components/empty-state";
import { type SaveProblem, SaveProblemNotice } from "../../components/save-problem";
import { TimeframePicker } from "../../components/timeframe-picker";
import { linkClick, navigate, useLocation } from "../../lib/router";
import { newId } from "../../lib/storage";
import {
  deleteNotebook,
  listNotebooks,
  loadNotebook,
  type Notebook,
  type NotebookSection,
  saveNotebook,
  UNTITLED_NOTEBOOK,
} from "./notebook-store";
import { Section } from "./section";
import { readShared, sharedNotebookLink } from "./share";

const STARTER = `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {Vulnerabilities = countDistinctExact(vulnerability.id)}, by: {dt.security.risk.level}`;

const blank = (): Notebook => ({
  title: UNTITLED_NOTEBOOK,
  timeframe: "7d",
  sections: [{ id: newId(), query: STARTER }],
});

/** A new notebook, or the one a share link carries in the URL hash. */
function fromHash(hash: string): Notebook {
  const shared = readShared(hash);
  if (shared === undefined) return blank();
  return {
    title: shared.title,
    timeframe: shared.timeframe,
    sections: shared.sections.map((s) => ({
      id: newId(),
      query: s.query,
      ...(s.visualization
        ? { visualization: s.visualization as NotebookSection["visualization"] }
        : {}),
    })),
  };
}

type Loading =
  | { kind: "ready" }
  | { kind: "loading" }
  | { kind: "missing" }
  | { kind: "error"; message: string };

type Saved =
  | { kind: "loading" }
  | { kind: "ready"; items: DocumentSummary[] }
  | { kind: "error"; message: string };

type Problem = SaveProblem;

export function NotebookPage(props: {
  id?: string | undefined;
  /** The token may list and open saved notebooks (documents:read). */
  canRead: boolean;
  /** The token may save and delete them (documents:write). */
  canWrite: boolean;
}) {
  const location = useLocation();
  const [notebook, setNotebook] = useState<Notebook>(() =>
    props.id === undefined ? fromHash(location.hash) : blank(),
  );
  const [loading, setLoading] = useState<Loading>(() =>
    props.id === undefined ? { kind: "ready" } : { kind: "loading" },
  );
  const [saved, setSaved] = useState<Saved>({ kind: "loading" });
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  // The notebook as of the last render, for the async handlers (and to skip reloading what was just saved).
  const current = useRef(notebook);
  current.current = notebook;

  const refreshList = useCallback(() => {
    if (!props.canRead) return;
    listNotebooks().then(
      (items) => setSaved({ kind: "ready", items }),
      (error: Error) => setSaved({ kind: "error", message: error.message }),
    );
  }, [props.canRead]);

  useEffect(() => {
    refreshList();
    window.addEventListener(DOCUMENTS_CHANGED_EVENT, refreshList);
    return () => window.removeEventListener(DOCUMENTS_CHANGED_EVENT, refreshList);
  }, [refreshList]);

  useEffect(() => {
    setProblem(undefined);
    if (props.id === undefined) {
      if (current.current.id !== undefined || location.hash !== "") {
        setNotebook(fromHash(location.hash));
        setStatus(undefined);
      }
      setLoading({ kind: "ready" });
      return;
    }
    if (current.current.id === props.id) {
      setLoading({ kind: "ready" });
      return;
    }
    let cancelled = false;
    setLoading({ kind: "loading" });
    setStatus(undefined);
    loadNotebook(props.id).then(
      (loaded) => {
        if (cancelled) return;
        setNotebook(loaded);
        setLoading({ kind: "ready" });
      },
      (error: Error) => {
        if (cancelled) return;
        setLoading(
          isNotFound(error) ? { kind: "missing" } : { kind: "error", message: error.message },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [props.id, location.hash]);

  const update = (change: Partial<Notebook>) => setNotebook((n) => ({ ...n, ...change }));
  const setSection = (index: number, section: NotebookSection) =>
    setNotebook((n) => ({ ...n, sections: n.sections.map((s, i) => (i === index ? section : s)) }));

  const save = async (asCopy = false) => {
    if (saving) return;
    setSaving(true);
    setProblem(undefined);
    setStatus(undefined);
    const draft: Notebook = asCopy
      ? {
          ...current.current,
          id: undefined,
          version: undefined,
          title: `${current.current.title} (copy)`,
        }
      : current.current;
    try {
      const identity = await saveNotebook(draft);
      const next = { ...current.current, title: draft.title, ...identity };
      current.current = next;
      setNotebook((n) => ({ ...n, title: draft.title, ...identity }));
      setStatus(
        asCopy
          ? "Saved as a copy. The other version stays as it was."
          : "Saved. Everyone on your team can open it from the list of notebooks.",
      );
      refreshList();
      if (props.id !== identity.id) navigate(`/notebook/${identity.id}`, true);
    } catch (error) {
      setProblem(
        isConflict(error)
          ? { kind: "conflict", version: currentVersionOf(error) }
          : { kind: "error", message: (error as Error).message },
      );
    } finally {
      setSaving(false);
    }
  };

  const loadSaved = async () => {
    const id = current.current.id;
    if (id === undefined) return;
    try {
      const loaded = await loadNotebook(id);
      setNotebook(loaded);
      setProblem(undefined);
      setStatus("Loaded the version saved on the server.");
    } catch (error) {
      setProblem({ kind: "error", message: (error as Error).message });
    }
  };

  const remove = async (item: { id: string; name: string }) => {
    if (!window.confirm(`Delete “${item.name}” for everyone on your team?`)) return;
    try {
      await deleteNotebook(item.id);
    } catch (error) {
      if (!isNotFound(error)) {
        setProblem({ kind: "error", message: (error as Error).message });
        return;
      }
    }
    refreshList();
    if (item.id === current.current.id) {
      const next = blank();
      current.current = next;
      setNotebook(next);
      setStatus(`Deleted “${item.name}”.`);
      navigate("/notebook");
    }
  };

  const share = () => {
    const link = sharedNotebookLink({
      title: notebook.title,
      timeframe: notebook.timeframe,
      sections: notebook.sections.map((s) => ({
        query: s.query,
        ...(s.visualization ? { visualization: s.visualization } : {}),
      })),
    });
    void navigator.clipboard?.writeText(new URL(link, window.location.origin).toString());
    setStatus("Share link copied: it carries the queries, not the results.");
  };

  return (
    <div class="page notebook">
      <aside class="side">
        <h2>Notebooks</h2>
        <a
          class="button"
          href="/notebook"
          onClick={(event) => {
            linkClick(event);
            const next = blank();
            current.current = next;
            setNotebook(next);
            setProblem(undefined);
            setStatus(undefined);
          }}
        >
          New notebook
        </a>
        <SavedList
          saved={saved}
          canRead={props.canRead}
          canWrite={props.canWrite}
          activeId={notebook.id}
          onDelete={(item) => void remove(item)}
        />
      </aside>
      <div class="notebook-main">
        {loading.kind === "loading" ? (
          <p class="loading">Loading the notebook…</p>
        ) : loading.kind === "missing" ? (
          <EmptyState
            title="This notebook does not exist"
            actions={
              <a href="/notebook" onClick={linkClick}>
                Start a new notebook
              </a>
            }
          >
            Someone on your team may have deleted it. Saved notebooks are listed on the left.
          </EmptyState>
        ) : loading.kind === "error" ? (
          <EmptyState title="The notebook could not be opened" tone="error">
            {loading.message}
          </EmptyState>
        ) : (
          <>
            <div class="page-header">
              <input
                class="title-input"
                aria-label="Notebook title"
                maxLength={200}
                value={notebook.title}
                onInput={(event) =>
                  update({ title: (event.currentTarget as HTMLInputElement).value })
                }
              />
              <div class="header-actions">
                <TimeframePicker
                  value={notebook.timeframe}
                  onChange={(timeframe) => update({ timeframe })}
                />
                <button type="button" onClick={share}>
                  Share
                </button>
                <button
                  type="button"
                  class="primary"
                  onClick={() => void save()}
                  disabled={!props.canWrite || saving}
                  title={
                    props.canWrite
                      ? "Save on the server for your team"
                      : "Saving needs a token with the scope documents:write"
                  }
                >
                  {saving ? "Saving…" : "Save"}
                </button>
              </div>
            </div>
            {props.canWrite ? null : (
              <p class="hint">
                This token cannot save notebooks (it lacks the scope <code>documents:write</code>);
                Share still copies a link with the queries.
              </p>
            )}
            {status === undefined ? null : (
              <p class="hint" role="status">
                {status}
              </p>
            )}
            <SaveProblemNotice
              problem={problem}
              what="notebook"
              onLoadSaved={() => void loadSaved()}
              onSaveCopy={() => void save(true)}
            />
            {notebook.sections.map((section, index) => (
              <Section
                key={section.id}
                section={section}
                index={index}
                timeframe={notebook.timeframe}
                onChange={(next) => setSection(index, next)}
                onRemove={
                  notebook.sections.length > 1
                    ? () =>
                        setNotebook((n) => ({
                          ...n,
                          sections: n.sections.filter((s) => s.id !== section.id),
                        }))
                    : undefined
                }
              />
            ))}
            <button
              type="button"
              onClick={() =>
                setNotebook((n) => ({
                  ...n,
                  sections: [
                    ...n.sections,
                    { id: newId(), query: "fetch security.events\n| limit 100" },
                  ],
                }))
              }
            >
              Add section
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function SavedList(props: {
  saved: Saved;
  canRead: boolean;
  canWrite: boolean;
  activeId: string | undefined;
  onDelete: (item: DocumentSummary) => void;
}) {
  const { saved } = props;
  if (!props.canRead)
    return (
      <p class="hint">
        Saved notebooks are not listed: this token lacks the scope <code>documents:read</code>.
      </p>
    );
  if (saved.kind === "loading") return <p class="hint">Loading saved notebooks…</p>;
  if (saved.kind === "error")
    return (
      <p class="error" role="alert">
        The saved notebooks could not be listed: {saved.message}
      </p>
    );
  if (saved.items.length === 0)
    return (
      <p class="hint" data-testid="notebooks-empty">
        No saved notebooks yet.{" "}
        {props.canWrite
          ? "Write a query and choose Save: notebooks are kept on the Vigil server, where everyone on your team can open them."
          : "Saving one needs a token with the scope documents:write."}
      </p>
    );
  return (
    <ul class="side-list" aria-label="Saved notebooks">
      {saved.items.map((item) => (
        <li key={item.id} class={item.id === props.activeId ? "active" : ""}>
          <a
            href={`/notebook/${item.id}`}
            onClick={linkClick}
            title={`Saved ${new Date(item.updatedAt).toLocaleString()}`}
          >
            {item.name}
          </a>
          {props.canWrite ? (
            <button
              type="button"
              class="link"
              aria-label={`Delete ${item.name}`}
              onClick={() => props.onDelete(item)}
            >
              ✕
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
