// The web app's static files: hashed assets gzipped for clients that accept it, byte-identical once unzipped.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { testServer } from "./harness.js";

const ASSETS = join(import.meta.dirname, "../../dist/web/assets");

describe("UI static files", () => {
  it.skipIf(!existsSync(ASSETS))(
    "gzips hashed assets for clients that accept gzip, and sends them plain to others",
    async () => {
      const server = await testServer();
      const script = readdirSync(ASSETS).find((name) => name.endsWith(".js"))!;
      const original = readFileSync(join(ASSETS, script));
      const zipped = await server.app.inject({
        method: "GET",
        url: `/assets/${script}`,
        headers: { "accept-encoding": "gzip, br" },
      });
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers["content-encoding"]).toBe("gzip");
      expect(zipped.headers["cache-control"]).toMatch(/immutable/);
      expect(gunzipSync(zipped.rawPayload).equals(original)).toBe(true);
      const plain = await server.app.inject({ method: "GET", url: `/assets/${script}` });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.rawPayload.equals(original)).toBe(true);
      await server.close();
    },
  );
});
