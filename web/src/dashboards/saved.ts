// Own dashboards kept by Vigil's server (documents of kind "dashboard"), and the lookup of a template or a saved one by id.
import {
  createDocument,
  deleteDocument,
  documentName,
  getDocument,
  isNotFound,
  listDocuments,
  updateDocument,
} from "../api/documents";
import type { Dashboard } from "./model";
import { templateById } from "./templates";

/** A dashboard as shown: a template (no version) or a saved one (the version read from the server). */
export interface LoadedDashboard {
  readonly dashboard: Dashboard;
  readonly version?: number;
}

/** What a dashboard document's content holds: the dashboard without its id (the document's) and save time. */
type DashboardContent = Omit<Dashboard, "id" | "updatedAt">;

const contentOf = (dashboard: Dashboard): DashboardContent => {
  const { id: _id, updatedAt: _updatedAt, ...content } = dashboard;
  return content;
};

export const listSavedDashboards = () => listDocuments("dashboard");

/** The template with `id`, else the saved dashboard; undefined when neither exists. */
export async function findDashboard(id: string): Promise<LoadedDashboard | undefined> {
  const template = templateById(id);
  if (template !== undefined) return { dashboard: template };
  try {
    const document = await getDocument<Partial<DashboardContent>>(id);
    return {
      version: document.version,
      dashboard: {
        ...document.content,
        id: document.id,
        title: document.name,
        variables: document.content.variables ?? [],
        tiles: document.content.tiles ?? [],
        updatedAt: document.updatedAt,
      },
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Saves `dashboard` as a new dashboard of the team (a template copy, an import) named `title`. */
export async function createDashboard(
  dashboard: Dashboard,
  title: string,
): Promise<LoadedDashboard> {
  const name = documentName(title, "My dashboard");
  const saved = await createDocument("dashboard", name, { ...contentOf(dashboard), title: name });
  return {
    version: saved.version,
    dashboard: { ...dashboard, id: saved.id, title: name, updatedAt: saved.updatedAt },
  };
}

/** Saves changes to a saved dashboard at the version read (a 409 ApiFailure when it changed since). */
export async function updateDashboard(
  dashboard: Dashboard,
  version: number,
): Promise<LoadedDashboard> {
  const name = documentName(dashboard.title, "My dashboard");
  const saved = await updateDocument(dashboard.id, version, {
    name,
    content: { ...contentOf(dashboard), title: name },
  });
  return { version: saved.version, dashboard: { ...dashboard, updatedAt: saved.updatedAt } };
}

/** Copies a template into the team's dashboards (its tiles become editable) and returns the copy's id. */
export async function installTemplate(template: Dashboard): Promise<string> {
  return (await createDashboard({ ...template, template: template.id }, template.title)).dashboard
    .id;
}

export const deleteDashboard = (id: string) => deleteDocument(id);
