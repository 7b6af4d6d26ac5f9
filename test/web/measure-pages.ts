// Not a test: each page's first load in headless Chromium (cold cache, signed in): the JS/CSS it requested, as
// transferred (the server compresses them) and uncompressed, first contentful paint, and when the page's own content
// showed. Run: npx tsx test/web/measure-pages.ts [runs=3]
import { statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_LAUNCH, ensureWebBuild, startUiServer, WEB_ROOT } from "./ui-server.js";

interface PageSpec {
  readonly name: string;
  readonly path: string;
  /** The page's own content (not the shell): its first render. */
  readonly ready: string;
  readonly signedIn: boolean;
}

const PAGES: readonly PageSpec[] = [
  { name: "Sign in", path: "/", ready: "text=Sign in to Vigil", signedIn: false },
  {
    name: "Settings › Defender for Cloud",
    path: "/settings/defender",
    ready: "text=No connections yet",
    signedIn: true,
  },
  {
    name: "Rejected records",
    path: "/settings/deadletters",
    ready: "h1:has-text('Rejected records')",
    signedIn: true,
  },
  { name: "Notebook (editor ready)", path: "/notebook", ready: ".cm-content", signedIn: true },
  { name: "Dashboards", path: "/dashboards", ready: "h1:has-text('Dashboards')", signedIn: true },
  {
    name: "Dashboard (tiles placed)",
    path: "/dashboards/container-vulnerability-findings",
    ready: "[data-tile]",
    signedIn: true,
  },
];

const sizeCache = new Map<string, number>();
function fileBytes(pathname: string): number {
  let size = sizeCache.get(pathname);
  if (size === undefined) {
    size = statSync(join(WEB_ROOT, pathname)).size;
    sizeCache.set(pathname, size);
  }
  return size;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  ensureWebBuild();
  const server = await startUiServer();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const rows: string[] = [];
  try {
    for (const spec of PAGES) {
      const samples: {
        transferred: number;
        uncompressed: number;
        files: number;
        fcp: number;
        ready: number;
      }[] = [];
      for (let run = 0; run < runs; run += 1) {
        // A fresh context each time: cold HTTP cache, like a first visit.
        const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
        if (spec.signedIn) {
          const answer = await context.request.post(`${server.url}/ui/session`, {
            data: { token: server.adminToken },
          });
          if (!answer.ok()) throw new Error(`sign-in failed: HTTP ${answer.status()}`);
        }
        const page = await context.newPage();
        await page.goto(`${server.url}${spec.path}`);
        await page.locator(spec.ready).first().waitFor({ timeout: 30_000 });
        const ready = await page.evaluate(() => performance.now());
        await page.waitForLoadState("networkidle");
        // A string, not a function: tsx would wrap inner functions in a helper the page does not have.
        const timing = (await page.evaluate(`(() => {
          const paint = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
          return {
            fcp: paint ? paint.startTime : Number.NaN,
            assets: performance
              .getEntriesByType("resource")
              .filter((e) => /\\.(js|css)$/.test(new URL(e.name).pathname))
              .map((e) => ({ path: new URL(e.name).pathname, bytes: e.encodedBodySize })),
          };
        })()`)) as { fcp: number; assets: { path: string; bytes: number }[] };
        samples.push({
          transferred: timing.assets.reduce((sum, a) => sum + a.bytes, 0),
          uncompressed: timing.assets.reduce((sum, a) => sum + fileBytes(a.path), 0),
          files: timing.assets.length,
          fcp: timing.fcp,
          ready,
        });
        await context.close();
      }
      const s = samples[0];
      rows.push(
        `| ${spec.name} | \`${spec.path}\` | ${s?.files} | ${((s?.transferred ?? 0) / 1024).toFixed(1)} kB | ${((s?.uncompressed ?? 0) / 1024).toFixed(1)} kB | ${median(samples.map((x) => x.fcp)).toFixed(0)} ms | ${median(samples.map((x) => x.ready)).toFixed(0)} ms |`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(
    `| page | path | JS/CSS files | transferred | uncompressed | first contentful paint | content shown |\n|---|---|---|---|---|---|---|\n${rows.join("\n")}\n(median of ${process.argv[2] ?? 3} cold loads; times from navigation start)`,
  );
}

await main();
