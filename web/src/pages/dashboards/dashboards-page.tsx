// Dashboards: the shipped templates, the team's own (kept by Vigil's server), and JSON import.
import { useCallback, useEffect, useState } from "preact/hooks";
import { DOCUMENTS_CHANGED_EVENT, type DocumentSummary, isNotFound } from "../../api/documents";
import { type Dashboard, parseDashboard } from "../../dashboards/model";
import { createDashboard, deleteDashboard, listSavedDashboards } from "../../dashboards/saved";
import { DASHBOARD_TEMPLATES } from "../../dashboards/templates";
import { linkClick, navigate } from "../../lib/router";

function TemplateRow(props: { dashboard: Dashboard }) {
  const { dashboard } = props;
  return (
    <li>
      <div>
        <a href={`/dashboards/${encodeURIComponent(dashboard.id)}`} onClick={linkClick}>
          <strong>{dashboard.title}</strong>
        </a>
        <p class="sub">{dashboard.tiles.length} tiles</p>
      </div>
    </li>
  );
}

function SavedRow(props: { item: DocumentSummary; mine: boolean; onDelete?: () => void }) {
  const { item } = props;
  return (
    <li>
      <div>
        <a href={`/dashboards/${encodeURIComponent(item.id)}`} onClick={linkClick}>
          <strong>{item.name}</strong>
        </a>
        <p class="sub">
          saved {new Date(item.updatedAt).toLocaleString()}
          {props.mine ? " · created with your token" : ""}
        </p>
      </div>
      {props.onDelete === undefined ? null : (
        <button
          type="button"
          class="link"
          onClick={props.onDelete}
          aria-label={`Delete ${item.name}`}
        >
          Delete
        </button>
      )}
    </li>
  );
}

type Saved =
  | { kind: "loading" }
  | { kind: "ready"; items: DocumentSummary[] }
  | { kind: "error"; message: string };

export function DashboardsPage(props: {
  /** The signed-in token's id (documents record the token that created them). */
  me: string;
  canRead: boolean;
  canWrite: boolean;
}) {
  const [saved, setSaved] = useState<Saved>({ kind: "loading" });
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    if (!props.canRead) return;
    listSavedDashboards().then(
      (items) => setSaved({ kind: "ready", items }),
      (failure: Error) => setSaved({ kind: "error", message: failure.message }),
    );
  }, [props.canRead]);

  useEffect(() => {
    refresh();
    window.addEventListener(DOCUMENTS_CHANGED_EVENT, refresh);
    return () => window.removeEventListener(DOCUMENTS_CHANGED_EVENT, refresh);
  }, [refresh]);

  const importFile = async (file: File | undefined) => {
    if (file === undefined) return;
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setProblems([`${file.name} is not valid JSON`]);
      return;
    }
    const { dashboard, problems: found } = parseDashboard(parsed);
    setProblems(found);
    if (dashboard === undefined) return;
    try {
      const created = await createDashboard(dashboard, dashboard.title);
      navigate(`/dashboards/${encodeURIComponent(created.dashboard.id)}`);
    } catch (failure) {
      setError(`${file.name} was not imported: ${(failure as Error).message}`);
    }
  };

  const remove = async (item: DocumentSummary) => {
    if (!window.confirm(`Delete “${item.name}” for everyone on your team?`)) return;
    setError(undefined);
    try {
      await deleteDashboard(item.id);
    } catch (failure) {
      if (!isNotFound(failure)) setError((failure as Error).message);
    }
    refresh();
  };

  return (
    <div class="page">
      <div class="page-header">
        <h1>Dashboards</h1>
        {props.canWrite ? (
          <label class="button">
            Import JSON
            <input
              type="file"
              accept="application/json,.json"
              class="sr-only"
              onChange={(event) =>
                void importFile((event.currentTarget as HTMLInputElement).files?.[0])
              }
            />
          </label>
        ) : null}
      </div>
      {problems.length === 0 ? null : (
        <div class="error" role="alert">
          The file is not a Vigil dashboard: {problems.join("; ")}.
        </div>
      )}
      {error === undefined ? null : (
        <div class="error" role="alert">
          {error}
        </div>
      )}
      <section class="card">
        <h2>Templates</h2>
        <ul class="list">
          {DASHBOARD_TEMPLATES.map((template) => (
            <TemplateRow key={template.id} dashboard={template} />
          ))}
        </ul>
      </section>
      <section class="card" aria-label="My dashboards">
        <h2>My dashboards</h2>
        {!props.canRead ? (
          <p class="hint">
            Your team's dashboards are not listed: this token lacks the scope{" "}
            <code>documents:read</code>.
          </p>
        ) : saved.kind === "loading" ? (
          <p class="hint">Loading…</p>
        ) : saved.kind === "error" ? (
          <p class="error" role="alert">
            The saved dashboards could not be listed: {saved.message}
          </p>
        ) : saved.items.length === 0 ? (
          <p class="hint">
            None yet.{" "}
            {props.canWrite
              ? "Open a template, change it, and choose “Save as my own”, or import a dashboard's JSON. Saved dashboards are kept on the Vigil server, where everyone on your team can open them."
              : "Saving one needs a token with the scope documents:write."}
          </p>
        ) : (
          <ul class="list">
            {saved.items.map((item) => (
              <SavedRow
                key={item.id}
                item={item}
                mine={item.owner === props.me}
                {...(props.canWrite ? { onDelete: () => void remove(item) } : {})}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
