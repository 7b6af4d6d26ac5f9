// Edits a tile: title, width, visualization and DQL (the editor loads on demand).
import { useState } from "preact/hooks";
import { Dialog } from "../../components/dialog";
import {
  VISUALIZATION_LABELS,
  VISUALIZATIONS,
  type Visualization,
} from "../../components/result-view";
import { queryText, type Tile } from "../../dashboards/model";
import { lazyPage } from "../../lazy-page";

const Editor = lazyPage(() => import("../notebook/dql-editor").then((m) => m.DqlEditor));

export function TileEditor(props: {
  tile: Tile;
  onSave: (tile: Tile) => void;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState({ ...props.tile, query: queryText(props.tile.query) });
  return (
    <Dialog title={`Edit tile “${props.tile.title}”`} onClose={props.onClose} wide>
      <div class="grid-fields">
        <div class="field">
          <label for="t-title">Title</label>
          <input
            id="t-title"
            value={draft.title}
            onInput={(e) =>
              setDraft({ ...draft, title: (e.currentTarget as HTMLInputElement).value })
            }
          />
        </div>
        <div class="field">
          <label for="t-vis">Visualization</label>
          <select
            id="t-vis"
            value={draft.visualization}
            onChange={(e) =>
              setDraft({
                ...draft,
                visualization: (e.currentTarget as HTMLSelectElement).value as Visualization,
              })
            }
          >
            {VISUALIZATIONS.map((v) => (
              <option key={v} value={v}>
                {VISUALIZATION_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="t-width">Width (of 12)</label>
          <input
            id="t-width"
            type="number"
            min={1}
            max={12}
            value={draft.width ?? 4}
            onInput={(e) =>
              setDraft({
                ...draft,
                width: Number((e.currentTarget as HTMLInputElement).value) || 4,
              })
            }
          />
        </div>
      </div>
      <p class="hint">
        Variables: <code>$Registry</code>, <code>$Repository</code>, … stand for a filter on the
        selected values (or <code>true</code> when all are selected), e.g.{" "}
        <code>| filter $Registry and $RiskLevel</code>.
      </p>
      <Editor
        label="Tile DQL"
        value={draft.query}
        onChange={(query: string) => setDraft((d) => ({ ...d, query }))}
        onRun={() => props.onSave(draft)}
      />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" class="primary" onClick={() => props.onSave(draft)}>
          Apply
        </button>
      </div>
    </Dialog>
  );
}
