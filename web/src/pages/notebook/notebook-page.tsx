// The notebook: several DQL sections, one timeframe, saved in this browser, shareable by link.
import { useEffect, useState } from "preact/hooks";
import { TimeframePicker } from "../../components/timeframe-picker";
import { linkClick, navigate, useLocation } from "../../lib/router";
import { newId } from "../../lib/storage";
import { type Notebook, type NotebookSection, notebooks } from "./notebook-store";
import { Section } from "./section";
import { readShared, sharedNotebookLink } from "./share";

const STARTER = `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {Vulnerabilities = countDistinctExact(vulnerability.id)}, by: {dt.security.risk.level}`;

const blank = (): Notebook => ({
  id: newId(),
  title: "Untitled notebook",
  timeframe: "7d",
  sections: [{ id: newId(), query: STARTER }],
  updatedAt: new Date().toISOString(),
});

function initial(id: string | undefined, hash: string): Notebook {
  const saved = id === undefined ? undefined : notebooks.get(id);
  if (saved !== undefined) return saved;
  const shared = readShared(hash);
  if (shared !== undefined)
    return {
      ...blank(),
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
  return blank();
}

export function NotebookPage(props: { id?: string | undefined }) {
  const location = useLocation();
  const [notebook, setNotebook] = useState(() => initial(props.id, location.hash));
  const [saved, setSaved] = useState(() => notebooks.list());
  const [status, setStatus] = useState<string | undefined>(undefined);

  useEffect(() => {
    setNotebook(initial(props.id, location.hash));
  }, [props.id, location.hash]);

  const update = (change: Partial<Notebook>) => setNotebook((n) => ({ ...n, ...change }));
  const setSection = (index: number, section: NotebookSection) =>
    setNotebook((n) => ({ ...n, sections: n.sections.map((s, i) => (i === index ? section : s)) }));

  const save = () => {
    const next = { ...notebook, updatedAt: new Date().toISOString() };
    notebooks.save(next);
    setNotebook(next);
    setSaved(notebooks.list());
    setStatus("Saved in this browser.");
    if (props.id !== next.id) navigate(`/notebook/${next.id}`, true);
  };
  const remove = (id: string) => {
    if (!window.confirm("Delete this notebook from this browser?")) return;
    notebooks.remove(id);
    setSaved(notebooks.list());
    if (id === notebook.id) navigate("/notebook");
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
            setNotebook(blank());
          }}
        >
          New notebook
        </a>
        {saved.length === 0 ? (
          <p class="hint">Saved notebooks appear here (kept in this browser).</p>
        ) : (
          <ul class="side-list">
            {saved.map((n) => (
              <li key={n.id} class={n.id === notebook.id ? "active" : ""}>
                <a href={`/notebook/${n.id}`} onClick={linkClick}>
                  {n.title}
                </a>
                <button
                  type="button"
                  class="link"
                  aria-label={`Delete ${n.title}`}
                  onClick={() => remove(n.id)}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <div class="notebook-main">
        <div class="page-header">
          <input
            class="title-input"
            aria-label="Notebook title"
            value={notebook.title}
            onInput={(event) => update({ title: (event.currentTarget as HTMLInputElement).value })}
          />
          <div class="header-actions">
            <TimeframePicker
              value={notebook.timeframe}
              onChange={(timeframe) => update({ timeframe })}
            />
            <button type="button" onClick={share}>
              Share
            </button>
            <button type="button" class="primary" onClick={save}>
              Save
            </button>
          </div>
        </div>
        {status === undefined ? null : (
          <p class="hint" role="status">
            {status}
          </p>
        )}
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
      </div>
    </div>
  );
}
