// One dashboard tile: runs its own query (tiles load in parallel) and shows its own result or error.
import { useEffect, useState } from "preact/hooks";
import { ApiFailure } from "../../api/client";
import { errorPosition, type QueryResult, runQuery } from "../../api/query";
import { EmptyState } from "../../components/empty-state";
import { ResultView } from "../../components/result-view";
import type { Tile } from "../../dashboards/model";

type State =
  | { kind: "loading" }
  | { kind: "ok"; result: QueryResult }
  | { kind: "error"; message: string };

export function TileView(props: {
  tile: Tile;
  query: string;
  from: string;
  to: string;
  editing: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { tile } = props;
  const [state, setState] = useState<State>({ kind: "loading" });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setState({ kind: "loading" });
    runQuery(props.query, {
      from: props.from,
      to: props.to,
      maxResultRecords: 1000,
      signal: abort.signal,
    }).then(
      (result) => setState({ kind: "ok", result }),
      (error: Error) => {
        if (error.name === "AbortError") return;
        const position = error instanceof ApiFailure ? errorPosition(error.details) : undefined;
        setState({
          kind: "error",
          message: `${position === undefined ? "" : `Line ${position.line}, column ${position.column}: `}${error.message}`,
        });
      },
    );
    return () => abort.abort();
  }, [props.query, props.from, props.to, reloads]);

  return (
    <article
      class={`tile tile-${tile.visualization}`}
      style={{ gridColumn: `span ${Math.min(12, Math.max(1, tile.width ?? 4))}` }}
      aria-label={tile.title}
      aria-busy={state.kind === "loading"}
      data-tile={tile.id}
      data-state={state.kind}
    >
      <header class="tile-header">
        <h3 title={tile.description}>{tile.title}</h3>
        {props.editing ? (
          <span class="tile-actions">
            <button type="button" class="link" onClick={props.onEdit}>
              Edit
            </button>
            <button
              type="button"
              class="link"
              onClick={props.onRemove}
              aria-label={`Remove ${tile.title}`}
            >
              Remove
            </button>
          </span>
        ) : null}
      </header>
      {state.kind === "loading" ? (
        <div class="tile-loading" role="status" aria-label="Loading" />
      ) : state.kind === "error" ? (
        <EmptyState
          tone="error"
          title="This tile's query failed"
          actions={
            <>
              <button type="button" onClick={() => setReloads((n) => n + 1)}>
                Retry
              </button>
              <button type="button" onClick={props.onEdit}>
                Edit query
              </button>
            </>
          }
        >
          {state.message}
        </EmptyState>
      ) : (
        <ResultView
          result={state.result}
          visualization={tile.visualization}
          tableHeight={tile.visualization === "table" ? 300 : undefined}
          emptyHint="Nothing in this timeframe for the selected variables: widen the timeframe or clear a variable."
        />
      )}
      {tile.description === undefined || props.editing ? null : (
        <p class="tile-description">{tile.description}</p>
      )}
    </article>
  );
}
