// Vitest global setup: one real PostgreSQL server for the whole run (in a child process); tests create their own databases.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.VIGIL_TEST_POSTGRES_URL;
  if (external !== undefined && external !== "") {
    project.provide("postgresUrl", external);
    return async () => undefined;
  }
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "postgres-process.ts")],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) =>
      Promise.reject(new Error(`the test PostgreSQL server exited with ${code}`)),
    ),
  ])) as [string];
  project.provide("postgresUrl", (JSON.parse(first) as { url: string }).url);
  return async () => {
    const exited = once(child, "exit");
    child.stdin.end();
    await exited;
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
