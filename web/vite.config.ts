// Builds the web app into dist/web (served by `vigil serve` at /); `npm run build:web`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `vigil serve` on :4000 (or VIGIL_URL) answers the API while developing with `npx vite web`.
    proxy: Object.fromEntries(
      ["/api", "/platform", "/ui/session"].map((path) => [
        path,
        process.env.VIGIL_URL ?? "http://127.0.0.1:4000",
      ]),
    ),
  },
});
