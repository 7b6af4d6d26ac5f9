// A dashboard: variables and timeframe on top, tiles below (each loads on its own); edit, save for the team, export.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { currentVersionOf, isConflict } from "../../api/documents";
import { EmptyState } from "../../components/empty-state";
import { type SaveProblem, SaveProblemNotice } from "../../components/save-problem";
import { TimeframePicker } from "../../components/timeframe-picker";
import { type Dashboard, queryText, type Tile } from "../../dashboards/model";
import {
  createDashboard,
  findDashboard,
  type LoadedDashboard,
  updateDashboard,
} from "../../dashboards/saved";
import { templateById } from "../../dashboards/templates";
import { applyVariables, type Selection } from "../../dashboards/variables";
import { download } from "../../lib/records";
import { linkClick, navigate } from "../../lib/router";
import { bounds } from "../../lib/timeframe";
import { TileEditor } from "./tile-editor";
import { TileView } from "./tile-view";
import { VariablePicker } from "./variable-picker";

type Loading =
  | { kind: "ready" }
  | { kind: "loading" }
  | { kind: "missing" }
  | { kind: "error"; message: string };

type Problem = SaveProblem;

/** A template shows at once; a saved dashboard comes from the server. */
const initialOf = (id: string): LoadedDashboard | undefined => {
  const template = templateById(id);
  return template === undefined ? undefined : { dashboard: template };
};

export function DashboardPage(props: {
  id: string;
  /** The token may save dashboards (documents:write). */
  canWrite: boolean;
}) {
  const [loaded, setLoaded] = useState<LoadedDashboard | undefined>(() => initialOf(props.id));
  const [loading, setLoading] = useState<Loading>(() =>
    initialOf(props.id) === undefined ? { kind: "loading" } : { kind: "ready" },
  );
  const [timeframe, setTimeframe] = useState(loaded?.dashboard.timeframe ?? "7d");
  const [selection, setSelection] = useState<Selection>({});
  const [editing, setEditing] = useState(false);
  const [editTile, setEditTile] = useState<Tile | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  // The id shown now: navigating to a dashboard just saved as a copy does not load it again.
  const shownId = useRef(loaded?.dashboard.id);

  const show = (next: LoadedDashboard) => {
    shownId.current = next.dashboard.id;
    setLoaded(next);
    setTimeframe(next.dashboard.timeframe ?? "7d");
    setDirty(false);
  };

  useEffect(() => {
    if (shownId.current === props.id && loaded !== undefined) return;
    setSelection({});
    setProblem(undefined);
    setStatus(undefined);
    const template = initialOf(props.id);
    if (template !== undefined) {
      show(template);
      setLoading({ kind: "ready" });
      return;
    }
    let cancelled = false;
    setLoading({ kind: "loading" });
    findDashboard(props.id).then(
      (found) => {
        if (cancelled) return;
        if (found === undefined) {
          setLoading({ kind: "missing" });
          return;
        }
        show(found);
        setLoading({ kind: "ready" });
      },
      (error: Error) => {
        if (!cancelled) setLoading({ kind: "error", message: error.message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [props.id]);

  // One timeframe for every tile of this render (tiles compare from/to to decide whether to reload).
  const range = useMemo(() => bounds(timeframe), [timeframe]);

  if (loading.kind === "loading") return <p class="loading">Loading the dashboard…</p>;
  if (loading.kind === "error")
    return (
      <EmptyState title="The dashboard could not be opened" tone="error">
        {loading.message}
      </EmptyState>
    );
  if (loading.kind === "missing" || loaded === undefined)
    return (
      <EmptyState
        title="This dashboard does not exist"
        actions={
          <a href="/dashboards" onClick={linkClick}>
            See all dashboards
          </a>
        }
      >
        Someone on your team may have deleted it. Templates and saved dashboards are listed under
        Dashboards.
      </EmptyState>
    );

  const { dashboard, version } = loaded;
  const isSaved = version !== undefined;
  const change = (next: Dashboard) => {
    setLoaded({ ...loaded, dashboard: next });
    setDirty(true);
  };
  const save = async (asCopy: boolean) => {
    const title = asCopy
      ? window.prompt("Name your dashboard", `${dashboard.title} (mine)`)
      : dashboard.title;
    if (title === null || title === undefined || saving) return;
    const draft: Dashboard = {
      ...dashboard,
      title,
      timeframe,
      ...(dashboard.template !== undefined || isSaved ? {} : { template: dashboard.id }),
    };
    setSaving(true);
    setProblem(undefined);
    setStatus(undefined);
    try {
      if (asCopy || version === undefined) {
        const created = await createDashboard(draft, title);
        show(created);
        navigate(`/dashboards/${encodeURIComponent(created.dashboard.id)}`, true);
      } else {
        show(await updateDashboard(draft, version));
      }
      setStatus("Saved. Everyone on your team finds it under Dashboards › My dashboards.");
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
    try {
      const found = await findDashboard(dashboard.id);
      if (found === undefined) {
        setLoading({ kind: "missing" });
        return;
      }
      show(found);
      setProblem(undefined);
      setStatus("Loaded the version saved on the server.");
    } catch (error) {
      setProblem({ kind: "error", message: (error as Error).message });
    }
  };
  const exportJson = () => {
    const { updatedAt: _u, ...rest } = dashboard;
    download(
      `${dashboard.id}.json`,
      `${JSON.stringify({ ...rest, timeframe }, null, 2)}\n`,
      "application/json",
    );
  };
  const addTile = () =>
    change({
      ...dashboard,
      tiles: [
        ...dashboard.tiles,
        {
          id: `tile-${Date.now().toString(36)}`,
          title: "New tile",
          visualization: "table",
          width: 6,
          query: "fetch security.events\n| filter $Registry and $Repository\n| limit 20",
        },
      ],
    });

  return (
    <div class="page dashboard">
      <div class="page-header">
        <div>
          <p class="crumbs">
            <a href="/dashboards" onClick={linkClick}>
              Dashboards
            </a>
            {isSaved ? "" : " · template"}
          </p>
          <h1>{dashboard.title}</h1>
          {dashboard.description === undefined ? null : <p class="lead">{dashboard.description}</p>}
        </div>
        <div class="header-actions">
          <TimeframePicker value={timeframe} onChange={setTimeframe} />
          <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing}>
            {editing ? "Done editing" : "Edit"}
          </button>
          {isSaved && props.canWrite ? (
            <button
              type="button"
              class={dirty ? "primary" : ""}
              onClick={() => void save(false)}
              disabled={saving}
            >
              {saving ? "Saving…" : "Save"}
            </button>
          ) : null}
          {props.canWrite ? (
            <button
              type="button"
              class={!isSaved && dirty ? "primary" : ""}
              onClick={() => void save(true)}
              disabled={saving}
            >
              Save as my own
            </button>
          ) : null}
          <button type="button" onClick={exportJson}>
            Export JSON
          </button>
        </div>
      </div>
      {status === undefined ? null : (
        <p class="hint" role="status">
          {status}
        </p>
      )}
      {dirty && !props.canWrite ? (
        <p class="hint">
          Your changes stay on this page: saving needs a token with the scope{" "}
          <code>documents:write</code>. Export JSON keeps them.
        </p>
      ) : null}
      <SaveProblemNotice
        problem={problem}
        what="dashboard"
        onLoadSaved={() => void loadSaved()}
        onSaveCopy={() => void save(true)}
      />
      {dashboard.variables.length > 0 ? (
        <fieldset class="variables" aria-label="Variables">
          {dashboard.variables.map((variable) => (
            <VariablePicker
              key={variable.name}
              variable={variable}
              selected={selection[variable.name] ?? []}
              from={range.from}
              to={range.to}
              onChange={(values) =>
                setSelection((current) => ({ ...current, [variable.name]: values }))
              }
            />
          ))}
        </fieldset>
      ) : null}
      {dashboard.tiles.length === 0 ? (
        <EmptyState
          title="This dashboard has no tiles"
          actions={
            <button
              type="button"
              onClick={() => {
                setEditing(true);
                addTile();
              }}
            >
              Add a tile
            </button>
          }
        />
      ) : (
        <div class="tiles">
          {dashboard.tiles.map((tile) => (
            <TileView
              key={tile.id}
              tile={tile}
              query={applyVariables(queryText(tile.query), dashboard.variables, selection)}
              from={range.from}
              to={range.to}
              editing={editing}
              onEdit={() => setEditTile(tile)}
              onRemove={() =>
                change({ ...dashboard, tiles: dashboard.tiles.filter((t) => t.id !== tile.id) })
              }
            />
          ))}
        </div>
      )}
      {editing ? (
        <button type="button" onClick={addTile}>
          Add tile
        </button>
      ) : null}
      {editTile === undefined ? null : (
        <TileEditor
          tile={editTile}
          onClose={() => setEditTile(undefined)}
          onSave={(tile) => {
            change({
              ...dashboard,
              tiles: dashboard.tiles.map((t) => (t.id === tile.id ? tile : t)),
            });
            setEditTile(undefined);
          }}
        />
      )}
    </div>
  );
}
