// Settings › Microsoft Defender for Cloud: ingested data, connections, new connection, templates, open with.
import { useCallback, useEffect, useState } from "preact/hooks";
import { type Connection, listConnections } from "../../api/connections";
import { can, SCOPE, type Session } from "../../api/session";
import { EmptyState } from "../../components/empty-state";
import { installTemplate } from "../../dashboards/saved";
import { DASHBOARD_TEMPLATES } from "../../dashboards/templates";
import { linkClick, navigate } from "../../lib/router";
import { notebookLink } from "../notebook/share";
import { ConnectionsTable } from "./connections-table";
import { DeleteConnectionDialog } from "./delete-connection";
import { IngestedChart } from "./ingested-chart";
import { NewConnectionDialog } from "./new-connection";

const QUERY_INGESTED = `fetch security.events, from: now() - 24h
| summarize {Events = count(), Findings = countIf(event.type == "VULNERABILITY_FINDING"), Scans = countIf(event.type == "VULNERABILITY_SCAN")}, by: {Source = dt.openpipeline.source, Connection = vigil.connection.id}`;

/** How often the table and the chart refresh while there are connections. */
const REFRESH_MS = 5_000;

type Loaded =
  | { kind: "loading" }
  | { kind: "absent" }
  | { kind: "error"; message: string }
  | { kind: "ok"; connections: Connection[] };

export function DefenderPage(props: { session: Session }) {
  const { session } = props;
  const canRead = can(session, SCOPE.settingsRead);
  const canWrite = can(session, SCOPE.settingsWrite);
  const canQuery = can(session, SCOPE.read);
  const canSaveDashboards = can(session, SCOPE.documentsWrite);
  const [installError, setInstallError] = useState<string | undefined>(undefined);
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [dialog, setDialog] = useState<
    { kind: "new" } | { kind: "delete"; connection: Connection } | undefined
  >(undefined);

  // Bumped on every reload so the ingest chart refreshes with the table.
  const [refreshed, setRefreshed] = useState(0);

  const reload = useCallback(() => {
    if (!canRead) return;
    listConnections().then(
      (connections) => {
        setLoaded(connections === undefined ? { kind: "absent" } : { kind: "ok", connections });
        setRefreshed((n) => n + 1);
      },
      (error: Error) => setLoaded({ kind: "error", message: error.message }),
    );
  }, [canRead]);
  useEffect(reload, [reload]);
  const connectionCount = loaded.kind === "ok" ? loaded.connections.length : 0;
  useEffect(() => {
    if (connectionCount === 0) return;
    // Live status while the page is visible (a hidden tab does not poll).
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [connectionCount, reload]);

  const hasConnections = loaded.kind === "ok" && loaded.connections.length > 0;
  const openNotebook = notebookLink(QUERY_INGESTED);

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <p class="crumbs">Settings</p>
          <h1>Microsoft Defender for Cloud</h1>
          <p class="lead">
            Container image vulnerability findings that Defender for Cloud exports to Azure Event
            Hubs, normalized into <code>security.events</code>.
          </p>
        </div>
        {canQuery ? (
          <div class="header-actions">
            <span class="label">Open with:</span>
            <a class="button" href={openNotebook} onClick={linkClick}>
              Notebook
            </a>
          </div>
        ) : null}
      </div>

      <IngestedChart hasConnections={hasConnections} canQuery={canQuery} refreshed={refreshed} />
      {canQuery ? (
        <p>
          <a class="button" href={openNotebook} onClick={linkClick}>
            Query ingested data
          </a>
        </p>
      ) : null}

      <section class="card" aria-labelledby="connections-title">
        <div class="card-header">
          <h2 id="connections-title">Connections</h2>
          {canWrite ? (
            <button type="button" class="primary" onClick={() => setDialog({ kind: "new" })}>
              Configure new connection
            </button>
          ) : null}
        </div>
        {!canRead ? (
          <EmptyState title="This token cannot see connections">
            Sign in with a token that has <code>settings:read</code> to see connections, and{" "}
            <code>settings:write</code> to change them.
          </EmptyState>
        ) : loaded.kind === "loading" ? (
          <p class="loading">Loading…</p>
        ) : loaded.kind === "error" ? (
          <EmptyState
            tone="error"
            title="Connections could not be loaded"
            actions={
              <button type="button" onClick={reload}>
                Retry
              </button>
            }
          >
            {loaded.message}
          </EmptyState>
        ) : loaded.kind === "absent" || loaded.connections.length === 0 ? (
          <EmptyState
            title="No connections yet"
            actions={
              canWrite ? (
                <button type="button" class="primary" onClick={() => setDialog({ kind: "new" })}>
                  Configure new connection
                </button>
              ) : undefined
            }
          >
            {loaded.kind === "absent"
              ? "This Vigil server does not manage Event Hubs connections yet. Meanwhile, push Defender exports over HTTP or import them with `vigil import <export.ndjson>`."
              : "Connect the Event Hub that Defender for Cloud's continuous export writes to: the dialog gives you the Azure CLI commands, then tests the connection."}
          </EmptyState>
        ) : (
          <ConnectionsTable
            connections={loaded.connections}
            canWrite={canWrite}
            onChanged={reload}
            onDelete={(connection) => setDialog({ kind: "delete", connection })}
          />
        )}
      </section>

      <section class="card" aria-labelledby="templates-title">
        <h2 id="templates-title">Try our templates</h2>
        {installError === undefined ? null : (
          <p class="error" role="alert">
            The template was not installed: {installError}
          </p>
        )}
        <ul class="templates">
          {DASHBOARD_TEMPLATES.map((template) => (
            <li key={template.id}>
              <div>
                <strong>{template.title}</strong>
                <p class="sub">{template.description}</p>
                <p class="sub">
                  Dashboard · {template.tiles.length} tiles · variables{" "}
                  {template.variables.map((v) => `$${v.name}`).join(", ")}
                </p>
              </div>
              <div class="row-actions">
                <a class="button" href={`/dashboards/${template.id}`} onClick={linkClick}>
                  Open
                </a>
                {canSaveDashboards ? (
                  <button
                    type="button"
                    onClick={() => {
                      setInstallError(undefined);
                      installTemplate(template).then(
                        (id) => navigate(`/dashboards/${encodeURIComponent(id)}`),
                        (error: Error) => setInstallError(error.message),
                      );
                    }}
                  >
                    Install
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>

      {dialog?.kind === "new" ? (
        <NewConnectionDialog
          onClose={() => setDialog(undefined)}
          onCreated={() => {
            setDialog(undefined);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <DeleteConnectionDialog
          connection={dialog.connection}
          onClose={() => setDialog(undefined)}
          onDeleted={reload}
        />
      ) : null}
    </div>
  );
}
