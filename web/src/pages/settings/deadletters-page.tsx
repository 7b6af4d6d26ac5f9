// Dead letters (rejected records) of one source, with the reason each was rejected.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import { EmptyState } from "../../components/empty-state";
import { ResultTable } from "../../components/result-table";

export function DeadLettersPage() {
  const source = new URLSearchParams(window.location.search).get("source") ?? undefined;
  const [state, setState] = useState<{ rows?: Record<string, unknown>[]; error?: string }>({});
  useEffect(() => {
    const query = source === undefined ? "" : `?source=${encodeURIComponent(source)}`;
    api<{ deadLetters: Record<string, unknown>[] }>("GET", `/api/v1/deadletters${query}`).then(
      (answer) => setState({ rows: answer.deadLetters }),
      (error: Error) => setState({ error: error.message }),
    );
  }, [source]);
  return (
    <div class="page">
      <h1>Rejected records{source === undefined ? "" : ` of ${source}`}</h1>
      <p class="lead">
        Records Vigil could not map, kept with the reason. After a fix, replay them with{" "}
        <code>vigil deadletter replay</code>.
      </p>
      {state.error !== undefined ? (
        <EmptyState tone="error" title="Dead letters could not be loaded">
          {state.error}
        </EmptyState>
      ) : state.rows === undefined ? (
        <p class="loading">Loading…</p>
      ) : state.rows.length === 0 ? (
        <EmptyState title="No rejected records">
          Every record from this source was mapped.
        </EmptyState>
      ) : (
        <ResultTable records={state.rows} height={520} />
      )}
    </div>
  );
}
