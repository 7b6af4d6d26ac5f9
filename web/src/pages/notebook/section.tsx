// One notebook section: a DQL editor, Run, the result as a table or chart, export and share.
import { useRef, useState } from "preact/hooks";
import { ApiFailure } from "../../api/client";
import { errorPosition, type QueryResult, runQuery } from "../../api/query";
import { EmptyState } from "../../components/empty-state";
import {
  ResultView,
  suggestVisualization,
  VISUALIZATION_LABELS,
  VISUALIZATIONS,
  type Visualization,
} from "../../components/result-view";
import { formatNumber } from "../../lib/format";
import { download, toCsv, toJson } from "../../lib/records";
import { bounds } from "../../lib/timeframe";
import { DqlEditor, type EditorError } from "./dql-editor";
import type { NotebookSection } from "./notebook-store";
import { notebookLink } from "./share";

type Outcome =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "ok"; result: QueryResult; ms: number }
  | { kind: "error"; message: string; position?: EditorError; suggestions: string[] };

export function Section(props: {
  section: NotebookSection;
  index: number;
  timeframe: string;
  onChange: (section: NotebookSection) => void;
  onRemove?: (() => void) | undefined;
}) {
  const { section } = props;
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const [copied, setCopied] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);
  const query = useRef(section.query);
  query.current = section.query;

  const run = async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setOutcome({ kind: "running" });
    const started = performance.now();
    try {
      const result = await runQuery(query.current, {
        ...bounds(props.timeframe),
        signal: abort.signal,
      });
      setOutcome({ kind: "ok", result, ms: performance.now() - started });
    } catch (error) {
      if ((error as Error).name === "AbortError") return;
      const details = error instanceof ApiFailure ? error.details : undefined;
      const position = errorPosition(details);
      const suggestions =
        ((details as { suggestions?: unknown })?.suggestions as string[] | undefined) ?? [];
      setOutcome({
        kind: "error",
        message: (error as Error).message,
        suggestions: Array.isArray(suggestions) ? suggestions : [],
        ...(position === undefined
          ? {}
          : { position: { ...position, message: (error as Error).message } }),
      });
    }
  };

  const visualization: Visualization =
    section.visualization ??
    (outcome.kind === "ok" ? suggestVisualization(outcome.result) : "table");
  const share = () => {
    const url = new URL(notebookLink(section.query), window.location.origin).toString();
    void navigator.clipboard?.writeText(url);
    window.history.replaceState(null, "", notebookLink(section.query));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section class="card section" aria-label={`Section ${props.index + 1}`}>
      <DqlEditor
        label={`DQL query of section ${props.index + 1}`}
        value={section.query}
        onChange={(text) => props.onChange({ ...section, query: text })}
        onRun={() => void run()}
        error={outcome.kind === "error" ? outcome.position : undefined}
      />
      <div class="section-toolbar">
        <button
          type="button"
          class="primary"
          onClick={() => void run()}
          disabled={outcome.kind === "running"}
          title="Ctrl+Enter"
        >
          {outcome.kind === "running" ? "Running…" : "Run"}
        </button>
        <label>
          <span class="sr-only">Visualization</span>
          <select
            aria-label="Visualization"
            value={visualization}
            onChange={(event) =>
              props.onChange({
                ...section,
                visualization: (event.currentTarget as HTMLSelectElement).value as Visualization,
              })
            }
          >
            {VISUALIZATIONS.map((v) => (
              <option key={v} value={v}>
                {VISUALIZATION_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        {outcome.kind === "ok" ? (
          <>
            <span class="meta" data-testid="result-meta">
              {formatNumber(outcome.result.records.length)} records · {Math.round(outcome.ms)} ms
              {outcome.result.metadata.grail?.scannedRecords === undefined
                ? ""
                : ` · ${formatNumber(outcome.result.metadata.grail.scannedRecords)} scanned`}
            </span>
            <button
              type="button"
              onClick={() =>
                download("vigil-result.csv", toCsv(outcome.result.records), "text/csv")
              }
            >
              CSV
            </button>
            <button
              type="button"
              onClick={() =>
                download("vigil-result.json", toJson(outcome.result), "application/json")
              }
            >
              JSON
            </button>
          </>
        ) : null}
        <button type="button" onClick={share}>
          {copied ? "Link copied" : "Share"}
        </button>
        {props.onRemove === undefined ? null : (
          <button
            type="button"
            class="link"
            onClick={props.onRemove}
            aria-label={`Remove section ${props.index + 1}`}
          >
            Remove
          </button>
        )}
      </div>
      {outcome.kind === "error" ? (
        <EmptyState tone="error" title="The query failed">
          <p class="query-error">
            {outcome.position === undefined
              ? ""
              : `Line ${outcome.position.line}, column ${outcome.position.column}: `}
            {outcome.message}
          </p>
          {outcome.suggestions.length > 0 ? (
            <p>Did you mean: {outcome.suggestions.join(", ")}?</p>
          ) : null}
        </EmptyState>
      ) : outcome.kind === "ok" ? (
        <div class="result">
          {outcome.result.metadata.grail?.notifications?.map((n) => (
            <p class="hint" key={n.message}>
              {n.message}
            </p>
          ))}
          <ResultView result={outcome.result} visualization={visualization} />
        </div>
      ) : outcome.kind === "idle" ? (
        <p class="hint">
          Press Run or Ctrl+Enter. Ctrl+Space completes commands, functions and field names.
        </p>
      ) : null}
    </section>
  );
}
