// Dashboards saved in this browser (localStorage), and the lookup that prefers a saved copy over a template.
import { collection } from "../lib/storage";
import type { Dashboard } from "./model";
import { templateById } from "./templates";

type SavedDashboard = Dashboard & { readonly updatedAt: string };

export const savedDashboards = collection<SavedDashboard>("vigil.dashboards");

export const findDashboard = (id: string): Dashboard | undefined =>
  savedDashboards.get(id) ?? templateById(id);

/** Copies a template into this browser's dashboards (its tiles become editable) and returns the copy's id. */
export function installTemplate(template: Dashboard): string {
  const id = `${template.id}-${Date.now().toString(36)}`;
  savedDashboards.save({
    ...template,
    id,
    template: template.id,
    updatedAt: new Date().toISOString(),
  });
  return id;
}
