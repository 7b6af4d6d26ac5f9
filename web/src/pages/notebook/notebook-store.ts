// Notebooks saved in this browser (localStorage): title, timeframe and sections.
import type { Visualization } from "../../components/result-view";
import { collection } from "../../lib/storage";

export interface NotebookSection {
  readonly id: string;
  readonly query: string;
  readonly visualization?: Visualization;
}

export interface Notebook {
  readonly id: string;
  readonly title: string;
  readonly timeframe: string;
  readonly sections: readonly NotebookSection[];
  readonly updatedAt: string;
}

export const notebooks = collection<Notebook>("vigil.notebooks");
