// Notebooks and own dashboards kept by the server, in headless Chromium: saved, found again after a reload and in a
// fresh browser (no localStorage), save conflicts, the one-time move of what an earlier version kept in localStorage,
// and what a token without the documents scopes sees.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_LAUNCH, ensureWebBuild, startUiServer, type UiServer } from "./ui-server.js";

const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

/** The page's localStorage, typed here (the tests compile without the DOM library). */
type PageGlobals = {
  localStorage: { setItem(key: string, value: string): void; [key: string]: unknown };
};

interface DocumentJson {
  id: string;
  name: string;
  version: number;
}

describe("notebooks and dashboards on the server", { timeout: 60_000 }, () => {
  let server: UiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A new browser profile (no cookies, no localStorage), signed in with `token`. */
  const signedIn = async (token = server.adminToken): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Microsoft Defender for Cloud" }).waitFor();
    return page;
  };
  const documents = async (kind: string): Promise<DocumentJson[]> => {
    const response = await fetch(`${server.url}/api/v1/documents?kind=${kind}`, {
      headers: { authorization: `Api-Token ${server.adminToken}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { documents: DocumentJson[] }).documents;
  };
  const localKeys = (page: Page) =>
    page.evaluate(() =>
      Object.keys((globalThis as unknown as PageGlobals).localStorage).filter((key) =>
        key.startsWith("vigil."),
      ),
    );
  const setQuery = async (page: Page, query: string) => {
    await page.locator(".cm-content").first().click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(query);
  };
  const savedNotebooks = (page: Page) => page.getByRole("list", { name: "Saved notebooks" });
  const myDashboards = (page: Page) => page.getByRole("region", { name: "My dashboards" });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureWebBuild();
    [server, browser] = await Promise.all([startUiServer(60), chromium.launch(CHROMIUM_LAUNCH)]);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it("saves a notebook on the server and finds it after a reload and in a fresh browser", async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/notebook`);
    expect(await page.getByTestId("notebooks-empty").textContent()).toContain(
      "No saved notebooks yet. Write a query and choose Save",
    );
    await page.getByLabel("Notebook title").fill("Critical findings review");
    await setQuery(page, "fetch security.events\n| limit 7");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.waitForURL(/\/notebook\/[0-9a-f]{16}$/);
    const url = page.url();
    expect(await localKeys(page)).toEqual([]);
    const [stored] = await documents("notebook");
    expect(stored).toMatchObject({ name: "Critical findings review", version: 1 });
    expect(url).toBe(`${server.url}/notebook/${stored!.id}`);
    await page.screenshot({ path: join(ARTIFACTS, "07-notebook-saved.png"), fullPage: true });

    await page.reload();
    await savedNotebooks(page).getByRole("link", { name: "Critical findings review" }).waitFor();
    expect(await page.getByLabel("Notebook title").inputValue()).toBe("Critical findings review");
    expect(await page.locator(".cm-content").first().textContent()).toContain("| limit 7");

    // Another browser profile: nothing in its localStorage, the notebook comes from the server.
    const fresh = await signedIn();
    expect(await localKeys(fresh)).toEqual([]);
    await fresh.goto(`${server.url}/notebook`);
    await savedNotebooks(fresh).getByRole("link", { name: "Critical findings review" }).click();
    await fresh.waitForURL(url);
    await expect
      .poll(() => fresh.getByLabel("Notebook title").inputValue())
      .toBe("Critical findings review");
    expect(await fresh.locator(".cm-content").first().textContent()).toContain("| limit 7");
    await fresh.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => fresh.getByTestId("result-meta").textContent()).toMatch(/7 records/);
  });

  it("shows a save conflict when someone saved the notebook in between, and loads theirs", async () => {
    const [stored] = await documents("notebook");
    const mine = await signedIn();
    const theirs = await signedIn();
    for (const page of [mine, theirs]) {
      await page.goto(`${server.url}/notebook/${stored!.id}`);
      await expect.poll(() => page.getByLabel("Notebook title").inputValue()).toBe(stored!.name);
    }
    await theirs.getByLabel("Notebook title").fill("Critical findings review (theirs)");
    await theirs.getByRole("button", { name: "Save", exact: true }).click();
    await theirs.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    await mine.getByLabel("Notebook title").fill("Critical findings review (mine)");
    await mine.getByRole("button", { name: "Save", exact: true }).click();
    const conflict = mine.getByRole("alert").filter({ hasText: "Someone saved this notebook" });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("the server has version 2");
    await mine.screenshot({ path: join(ARTIFACTS, "08-notebook-conflict.png"), fullPage: true });
    expect((await documents("notebook")).map((d) => d.name)).toEqual([
      "Critical findings review (theirs)",
    ]);

    await conflict.getByRole("button", { name: "Load the saved version" }).click();
    await expect
      .poll(() => mine.getByLabel("Notebook title").inputValue())
      .toBe("Critical findings review (theirs)");
    await mine.getByRole("button", { name: "Save", exact: true }).click();
    await mine.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await documents("notebook")).toMatchObject([{ version: 3 }]);
  });

  it("saves an own dashboard and finds it in the dashboards list after a reload and in a fresh browser", async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/dashboards`);
    await expect
      .poll(() => myDashboards(page).textContent())
      .toContain("None yet. Open a template, change it, and choose “Save as my own”");
    await page.goto(`${server.url}/dashboards/container-scan-coverage`);
    await expect.poll(() => page.locator("[data-tile]").count()).toBeGreaterThan(5);
    page.once("dialog", (dialog) => void dialog.accept("Scan coverage (team)"));
    await page.getByRole("button", { name: "Save as my own" }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f]{16}$/);
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Scan coverage (team)",
    );
    expect(await localKeys(page)).toEqual([]);

    await page.goto(`${server.url}/dashboards`);
    await page.reload();
    const link = myDashboards(page).getByRole("link", { name: "Scan coverage (team)" });
    await link.waitFor();
    expect(await myDashboards(page).textContent()).toContain("created with your token");
    await page.screenshot({ path: join(ARTIFACTS, "09-dashboards-mine.png"), fullPage: true });

    const fresh = await signedIn();
    await fresh.goto(`${server.url}/dashboards`);
    await myDashboards(fresh).getByRole("link", { name: "Scan coverage (team)" }).click();
    await fresh.getByRole("heading", { name: "Scan coverage (team)" }).waitFor();
    await expect.poll(() => fresh.locator("[data-tile]").count()).toBeGreaterThan(5);
    await expect
      .poll(() => fresh.locator('[data-tile][data-state="loading"]').count(), { timeout: 30_000 })
      .toBe(0);
    expect(await fresh.locator('[data-tile][data-state="error"]').allTextContents()).toEqual([]);

    await fresh.goto(`${server.url}/dashboards`);
    fresh.once("dialog", (dialog) => void dialog.accept());
    await myDashboards(fresh).getByRole("button", { name: "Delete Scan coverage (team)" }).click();
    await myDashboards(fresh).getByText("None yet.").waitFor();
    expect(await documents("dashboard")).toEqual([]);
  });

  it("moves notebooks and dashboards an earlier version kept in localStorage to the server, once", async () => {
    const page = await signedIn();
    const before = (await documents("notebook")).length;
    await page.evaluate(() => {
      const { localStorage } = globalThis as unknown as PageGlobals;
      const at = new Date().toISOString();
      localStorage.setItem(
        "vigil.notebooks",
        JSON.stringify([
          {
            id: "old1",
            title: "Legacy notebook",
            timeframe: "24h",
            sections: [{ id: "s1", query: "fetch security.events\n| limit 3" }],
            updatedAt: at,
          },
        ]),
      );
      localStorage.setItem(
        "vigil.dashboards",
        JSON.stringify([
          {
            id: "container-scan-coverage-old",
            title: "Legacy dashboard",
            template: "container-scan-coverage",
            variables: [],
            tiles: [
              {
                id: "count",
                title: "Events",
                visualization: "singleValue",
                query: "fetch security.events\n| summarize count()",
              },
            ],
            updatedAt: at,
          },
        ]),
      );
    });
    await page.reload();
    const notice = page.getByRole("status").filter({ hasText: "Moved" });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      "Moved 1 notebook and 1 dashboard from this browser to the Vigil server",
    );
    await expect.poll(() => localKeys(page)).toEqual([]);

    await page.reload();
    await page.getByRole("heading", { name: "Microsoft Defender for Cloud" }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Moved" }).count()).toBe(0);
    expect((await documents("notebook")).length).toBe(before + 1);
    expect((await documents("dashboard")).map((d) => d.name)).toEqual(["Legacy dashboard"]);

    await page.goto(`${server.url}/notebook`);
    await savedNotebooks(page).getByRole("link", { name: "Legacy notebook" }).click();
    await expect
      .poll(() => page.locator(".cm-content").first().textContent())
      .toContain("| limit 3");
    await page.goto(`${server.url}/dashboards`);
    await myDashboards(page).getByRole("link", { name: "Legacy dashboard" }).click();
    await page.locator('[data-tile="count"] .single-number').waitFor();
  });

  it("installs a template from the Defender page as a dashboard of the team", async () => {
    const page = await signedIn();
    const templates = page.getByRole("region", { name: "Try our templates" });
    await templates
      .getByRole("listitem")
      .filter({ hasText: "Container vulnerability findings" })
      .getByRole("button", { name: "Install" })
      .click();
    await page.waitForURL(/\/dashboards\/[0-9a-f]{16}$/);
    await page.getByRole("heading", { name: "Container vulnerability findings" }).waitFor();
    expect(await page.getByRole("button", { name: "Save", exact: true }).isVisible()).toBe(true);
    expect(
      (await documents("dashboard")).filter((d) => d.name === "Container vulnerability findings"),
    ).toHaveLength(1);
  });

  it("shows a token without the documents scopes what it cannot do", async () => {
    const page = await signedIn(server.readOnlyToken);
    await page.goto(`${server.url}/notebook`);
    await page.getByText("Saved notebooks are not listed: this token lacks the scope").waitFor();
    expect(await page.getByRole("button", { name: "Save", exact: true }).isDisabled()).toBe(true);
    await page.goto(`${server.url}/dashboards`);
    await expect
      .poll(() => myDashboards(page).textContent())
      .toContain("lacks the scope documents:read");
    expect(await page.getByText("Import JSON").count()).toBe(0);
    await page.goto(`${server.url}/dashboards/container-scan-coverage`);
    await page.getByRole("heading", { name: "Container scan coverage" }).waitFor();
    expect(await page.getByRole("button", { name: "Save as my own" }).count()).toBe(0);
    await page.goto(`${server.url}/settings/defender`);
    await page.getByRole("heading", { name: "Try our templates" }).waitFor();
    expect(await page.getByRole("button", { name: "Install" }).count()).toBe(0);
  });
});
