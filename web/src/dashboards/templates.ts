// The dashboard templates Vigil ships (templates/dashboards/*.json), bundled at build time.
import type { Dashboard } from "./model";

const files = import.meta.glob<Dashboard>("../../../templates/dashboards/*.json", {
  eager: true,
  import: "default",
});

export const DASHBOARD_TEMPLATES: readonly Dashboard[] = Object.values(files).sort((a, b) =>
  a.title.localeCompare(b.title),
);

export const templateById = (id: string) => DASHBOARD_TEMPLATES.find((t) => t.id === id);
