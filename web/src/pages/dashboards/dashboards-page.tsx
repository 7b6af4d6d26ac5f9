// Dashboards: the shipped templates, the ones saved in this browser, and JSON import.
import { useState } from "preact/hooks";
import { type Dashboard, parseDashboard } from "../../dashboards/model";
import { savedDashboards } from "../../dashboards/saved";
import { DASHBOARD_TEMPLATES } from "../../dashboards/templates";
import { linkClick, navigate } from "../../lib/router";

function Row(props: { dashboard: Dashboard; onDelete?: () => void }) {
  const { dashboard } = props;
  return (
    <li>
      <div>
        <a href={`/dashboards/${encodeURIComponent(dashboard.id)}`} onClick={linkClick}>
          <strong>{dashboard.title}</strong>
        </a>
        <p class="sub">
          {dashboard.tiles.length} tiles
          {dashboard.updatedAt === undefined
            ? ""
            : ` · saved ${new Date(dashboard.updatedAt).toLocaleString()}`}
        </p>
      </div>
      {props.onDelete === undefined ? null : (
        <button
          type="button"
          class="link"
          onClick={props.onDelete}
          aria-label={`Delete ${dashboard.title}`}
        >
          Delete
        </button>
      )}
    </li>
  );
}

export function DashboardsPage() {
  const [saved, setSaved] = useState(() => savedDashboards.list());
  const [problems, setProblems] = useState<string[]>([]);

  const importFile = async (file: File | undefined) => {
    if (file === undefined) return;
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
    const id =
      savedDashboards.get(dashboard.id) === undefined
        ? dashboard.id
        : `${dashboard.id}-${Date.now().toString(36)}`;
    savedDashboards.save({ ...dashboard, id, updatedAt: new Date().toISOString() });
    navigate(`/dashboards/${encodeURIComponent(id)}`);
  };

  return (
    <div class="page">
      <div class="page-header">
        <h1>Dashboards</h1>
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
      </div>
      {problems.length === 0 ? null : (
        <div class="error" role="alert">
          The file is not a Vigil dashboard: {problems.join("; ")}.
        </div>
      )}
      <section class="card">
        <h2>Templates</h2>
        <ul class="list">
          {DASHBOARD_TEMPLATES.map((template) => (
            <Row key={template.id} dashboard={template} />
          ))}
        </ul>
      </section>
      <section class="card">
        <h2>My dashboards</h2>
        {saved.length === 0 ? (
          <p class="hint">
            None yet: open a template, change it, and choose “Save as my own”. Dashboards are kept
            in this browser; export them to JSON to share or keep them.
          </p>
        ) : (
          <ul class="list">
            {saved.map((dashboard) => (
              <Row
                key={dashboard.id}
                dashboard={dashboard}
                onDelete={() => {
                  if (!window.confirm(`Delete “${dashboard.title}” from this browser?`)) return;
                  savedDashboards.remove(dashboard.id);
                  setSaved(savedDashboards.list());
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
