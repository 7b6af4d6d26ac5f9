// A dashboard: variables and timeframe on top, tiles below (each loads on its own); edit, save as your own, export.
import { useEffect, useMemo, useState } from "preact/hooks";
import { EmptyState } from "../../components/empty-state";
import { TimeframePicker } from "../../components/timeframe-picker";
import { type Dashboard, queryText, type Tile } from "../../dashboards/model";
import { findDashboard, savedDashboards } from "../../dashboards/saved";
import { applyVariables, type Selection } from "../../dashboards/variables";
import { download } from "../../lib/records";
import { linkClick, navigate } from "../../lib/router";
import { bounds } from "../../lib/timeframe";
import { TileEditor } from "./tile-editor";
import { TileView } from "./tile-view";
import { VariablePicker } from "./variable-picker";

export function DashboardPage(props: { id: string }) {
  const [dashboard, setDashboard] = useState<Dashboard | undefined>(() => findDashboard(props.id));
  const [timeframe, setTimeframe] = useState(dashboard?.timeframe ?? "7d");
  const [selection, setSelection] = useState<Selection>({});
  const [editing, setEditing] = useState(false);
  const [editTile, setEditTile] = useState<Tile | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<string | undefined>(undefined);

  useEffect(() => {
    const found = findDashboard(props.id);
    setDashboard(found);
    setTimeframe(found?.timeframe ?? "7d");
    setSelection({});
    setDirty(false);
  }, [props.id]);

  // One timeframe for every tile of this render (tiles compare from/to to decide whether to reload).
  const range = useMemo(() => bounds(timeframe), [timeframe]);

  if (dashboard === undefined)
    return (
      <EmptyState
        title="This dashboard does not exist in this browser"
        actions={
          <a href="/dashboards" onClick={linkClick}>
            See all dashboards
          </a>
        }
      >
        Saved dashboards live in the browser that saved them; export one to JSON to move it.
      </EmptyState>
    );

  const isSaved = savedDashboards.get(dashboard.id) !== undefined;
  const change = (next: Dashboard) => {
    setDashboard(next);
    setDirty(true);
  };
  const save = (asCopy: boolean) => {
    const title = asCopy
      ? window.prompt("Name your dashboard", `${dashboard.title} (mine)`)
      : dashboard.title;
    if (title === null || title === undefined) return;
    const id =
      asCopy || !isSaved
        ? `${dashboard.template ?? dashboard.id}-${Date.now().toString(36)}`
        : dashboard.id;
    const next = {
      ...dashboard,
      id,
      title,
      timeframe,
      template: dashboard.template ?? (isSaved ? undefined : dashboard.id),
      updatedAt: new Date().toISOString(),
    } as Dashboard & { updatedAt: string };
    savedDashboards.save(next);
    setDirty(false);
    setStatus("Saved in this browser.");
    if (id !== props.id) navigate(`/dashboards/${id}`, true);
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
          {isSaved ? (
            <button type="button" class={dirty ? "primary" : ""} onClick={() => save(false)}>
              Save
            </button>
          ) : null}
          <button
            type="button"
            class={!isSaved && dirty ? "primary" : ""}
            onClick={() => save(true)}
          >
            Save as my own
          </button>
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
