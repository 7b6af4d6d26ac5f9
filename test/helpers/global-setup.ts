// Vitest global setup: one real PostgreSQL server for the whole run; tests create their own databases.
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running = await startPostgres();
  project.provide("postgresUrl", running.url);
  return () => running.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
