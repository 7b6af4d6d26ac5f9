// The connections table: where each reads from, its state and last error, partitions and lag, volumes, actions.
import { useState } from "preact/hooks";
import { type Connection, connectionAction } from "../../api/connections";
import { formatNumber, formatTime, relativeTime } from "../../lib/format";
import { linkClick } from "../../lib/router";

const STATUS_LABEL = { running: "Running", paused: "Paused", failed: "Failed" } as const;

/** A sequence number; Event Hubs says -1 for an empty partition. */
const sequence = (value: number | undefined) =>
  value === undefined || value < 0 ? "—" : String(value);

function Partitions(props: { connection: Connection }) {
  const [open, setOpen] = useState(false);
  const { partitions } = props.connection;
  const lag = partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0);
  return (
    <div>
      <button type="button" class="link" onClick={() => setOpen(!open)} aria-expanded={open}>
        {partitions.length} partitions, lag {formatNumber(lag)}
      </button>
      {open ? (
        <table class="mini">
          <thead>
            <tr>
              <th>Partition</th>
              <th>Owner</th>
              <th>Checkpoint</th>
              <th>Last enqueued</th>
              <th>Lag</th>
              <th>Last event</th>
            </tr>
          </thead>
          <tbody>
            {partitions.map((p) => (
              <tr key={p.partitionId}>
                <td>{p.partitionId}</td>
                <td>{p.owner ?? "—"}</td>
                <td>{sequence(p.lastCheckpointedSequenceNumber)}</td>
                <td>{sequence(p.lastEnqueuedSequenceNumber)}</td>
                <td class={p.lag !== undefined && p.lag > 1000 ? "warn" : ""}>{p.lag ?? "—"}</td>
                <td>{relativeTime(p.lastEventTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function ConnectionsTable(props: {
  connections: readonly Connection[];
  canWrite: boolean;
  onChanged: () => void;
  onDelete: (connection: Connection) => void;
}) {
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const act = async (connection: Connection, action: "pause" | "resume") => {
    setBusy(connection.id);
    setError(undefined);
    try {
      await connectionAction(connection.id, action);
      props.onChanged();
    } catch (failure) {
      setError(`${connection.name}: ${(failure as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div class="table-wrap">
      {error === undefined ? null : (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="connections">
        <thead>
          <tr>
            <th>Name</th>
            <th>Event hub</th>
            <th>Status</th>
            <th>Partitions</th>
            <th>Last event</th>
            <th class="num">Events (24 h)</th>
            <th class="num">Rejected</th>
            {props.canWrite ? <th>Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.connections.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>
                <div>{c.namespace}</div>
                <div class="sub">
                  {c.eventHub} · {c.consumerGroup}
                </div>
              </td>
              <td>
                <span class={`badge ${c.status}`}>{STATUS_LABEL[c.status] ?? c.status}</span>
                {c.lastError === undefined ? null : <div class="sub error-text">{c.lastError}</div>}
              </td>
              <td>
                <Partitions connection={c} />
              </td>
              <td title={c.lastEventTime === undefined ? undefined : formatTime(c.lastEventTime)}>
                {relativeTime(c.lastEventTime)}
              </td>
              <td class="num">{formatNumber(c.eventsLast24h)}</td>
              <td class="num">
                {c.recordsRejected > 0 ? (
                  <a
                    href={`/settings/deadletters?source=${encodeURIComponent(c.id)}`}
                    onClick={linkClick}
                  >
                    {formatNumber(c.recordsRejected)}
                  </a>
                ) : (
                  "0"
                )}
              </td>
              {props.canWrite ? (
                <td class="actions">
                  {c.state === "paused" ? (
                    <button
                      type="button"
                      onClick={() => void act(c, "resume")}
                      disabled={busy === c.id}
                    >
                      Resume
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => void act(c, "pause")}
                      disabled={busy === c.id}
                    >
                      Pause
                    </button>
                  )}
                  <button type="button" class="danger" onClick={() => props.onDelete(c)}>
                    Delete
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
