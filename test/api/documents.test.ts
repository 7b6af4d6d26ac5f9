// Documents over HTTP: notebooks and dashboards created, listed, read, updated at the version read, deleted; scopes, validation, size, conflicts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_DOCUMENT_CONTENT_BYTES } from "../../src/api/routes/documents.js";
import { auth, type TestServer, testServer } from "./harness.js";

const NOTEBOOK = {
  kind: "notebook",
  name: "Critical findings review",
  content: {
    timeframe: "7d",
    sections: [{ id: "s1", query: 'fetch security.events | filter finding.status == "OPEN"' }],
  },
};

/** The token id of a `vgl_<id>.<secret>` token (what documents record as their owner). */
const tokenId = (token: string) => token.slice(4, token.indexOf("."));

describe("documents API", () => {
  let server: TestServer;
  let writer: string;
  let reader: string;
  beforeEach(async () => {
    server = await testServer();
    writer = await server.token("documents:read", "documents:write");
    reader = await server.token("documents:read");
  });
  afterEach(() => server.close());

  const call = (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    body?: unknown,
    token: string | null = writer,
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        ...(token === null ? {} : auth(token)),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined
        ? {}
        : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
    });

  it("creates, lists without content, reads, updates at the version read, and deletes", async () => {
    const created = await call("POST", "/api/v1/documents", NOTEBOOK);
    expect(created.statusCode).toBe(201);
    const document = created.json();
    expect(document).toMatchObject({
      kind: "notebook",
      name: "Critical findings review",
      owner: tokenId(writer),
      version: 1,
      content: NOTEBOOK.content,
    });
    expect(document.id).toMatch(/^[0-9a-f]{16}$/);
    expect(document.createdAt).toBe(document.updatedAt);

    const dashboard = await call("POST", "/api/v1/documents", {
      kind: "dashboard",
      name: "  My findings  ",
      content: {
        variables: [],
        tiles: [{ id: "t", title: "All", query: "fetch security.events" }],
      },
    });
    expect(dashboard.statusCode).toBe(201);
    expect(dashboard.json().name).toBe("My findings");

    const notebooks = await call("GET", "/api/v1/documents?kind=notebook", undefined, reader);
    expect(notebooks.statusCode).toBe(200);
    expect(notebooks.json()).toEqual({
      documents: [
        {
          id: document.id,
          kind: "notebook",
          name: "Critical findings review",
          owner: tokenId(writer),
          createdAt: document.createdAt,
          updatedAt: document.updatedAt,
          version: 1,
        },
      ],
    });
    const all = (await call("GET", "/api/v1/documents", undefined, reader)).json();
    expect(all.documents.map((d: { kind: string }) => d.kind).sort()).toEqual([
      "dashboard",
      "notebook",
    ]);

    const read = await call("GET", `/api/v1/documents/${document.id}`, undefined, reader);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(document);

    const renamed = await call("PUT", `/api/v1/documents/${document.id}`, {
      version: 1,
      name: "Weekly review",
      content: { ...NOTEBOOK.content, timeframe: "30d" },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      id: document.id,
      name: "Weekly review",
      version: 2,
      owner: tokenId(writer),
      content: { timeframe: "30d" },
    });
    const onlyName = await call("PUT", `/api/v1/documents/${document.id}`, {
      version: 2,
      name: "Weekly review (team)",
    });
    expect(onlyName.json()).toMatchObject({ version: 3, content: { timeframe: "30d" } });

    expect((await call("DELETE", `/api/v1/documents/${document.id}`)).statusCode).toBe(204);
    const gone = await call("GET", `/api/v1/documents/${document.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toContain(document.id);
    expect((await call("DELETE", `/api/v1/documents/${document.id}`)).statusCode).toBe(404);
    const putGone = await call("PUT", `/api/v1/documents/${document.id}`, {
      version: 3,
      name: "x",
    });
    expect(putGone.statusCode).toBe(404);
  });

  it("answers 409 with the current version when the version sent is stale, and changes nothing", async () => {
    const { id } = (await call("POST", "/api/v1/documents", NOTEBOOK)).json();
    const colleague = await server.token("documents:read", "documents:write");
    const first = await call(
      "PUT",
      `/api/v1/documents/${id}`,
      { version: 1, name: "Theirs" },
      colleague,
    );
    expect(first.statusCode).toBe(200);
    const stale = await call("PUT", `/api/v1/documents/${id}`, { version: 1, name: "Mine" });
    expect(stale.statusCode).toBe(409);
    const { error } = stale.json();
    expect(error.message).toMatch(/changed by someone else since you read it/);
    expect(error.message).toMatch(/you sent version 1, it is now at version 2/);
    expect(error.details).toEqual({ currentVersion: 2, updatedAt: first.json().updatedAt });
    expect((await call("GET", `/api/v1/documents/${id}`)).json()).toMatchObject({
      name: "Theirs",
      version: 2,
      owner: tokenId(writer),
    });
  });

  it("needs a token, documents:read to read and documents:write to change", async () => {
    const { id } = (await call("POST", "/api/v1/documents", NOTEBOOK)).json();
    expect((await call("GET", "/api/v1/documents", undefined, null)).statusCode).toBe(401);
    const settingsOnly = await server.token("settings:read", "storage:security.events:read");
    const noRead = await call("GET", "/api/v1/documents", undefined, settingsOnly);
    expect(noRead.statusCode).toBe(403);
    expect(noRead.json().error.message).toBe("the token lacks the scope documents:read");
    expect((await call("GET", `/api/v1/documents/${id}`, undefined, settingsOnly)).statusCode).toBe(
      403,
    );
    for (const [method, url, body] of [
      ["POST", "/api/v1/documents", NOTEBOOK],
      ["PUT", `/api/v1/documents/${id}`, { version: 1, name: "x" }],
      ["DELETE", `/api/v1/documents/${id}`, undefined],
    ] as const) {
      const denied = await call(method, url, body, reader);
      expect(denied.statusCode, `${method} ${url}`).toBe(403);
      expect(denied.json().error.details).toEqual({ requiredScope: "documents:write" });
    }
    expect((await call("GET", `/api/v1/documents/${id}`, undefined, reader)).json().version).toBe(
      1,
    );
  });

  it("rejects invalid documents with every problem named", async () => {
    const problems = async (method: "POST" | "PUT", url: string, body: unknown) => {
      const response = await call(method, url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      return response.json().error.message as string;
    };
    expect(
      await problems("POST", "/api/v1/documents", { kind: "sheet", name: "", content: [] }),
    ).toBe(
      'the document is invalid: kind must be "notebook" or "dashboard"; name must be 1-200 characters; content must be a JSON object',
    );
    expect(await problems("POST", "/api/v1/documents", { kind: "notebook" })).toBe(
      "the document is invalid: name is required; content is required",
    );
    expect(
      await problems("POST", "/api/v1/documents", { ...NOTEBOOK, name: "n".repeat(201) }),
    ).toContain("name must be 1-200 characters");
    expect(await problems("POST", "/api/v1/documents", { ...NOTEBOOK, name: "   " })).toContain(
      "name must be 1-200 characters",
    );
    expect(await problems("POST", "/api/v1/documents", { ...NOTEBOOK, content: "text" })).toContain(
      "content must be a JSON object",
    );
    expect(await problems("POST", "/api/v1/documents", { ...NOTEBOOK, content: null })).toContain(
      "content must be a JSON object",
    );
    expect(await problems("POST", "/api/v1/documents", { ...NOTEBOOK, owner: "me" })).toMatch(
      /unrecognized key.*owner/i,
    );
    expect(await problems("POST", "/api/v1/documents", "{not json")).toBe(
      "the body is not valid JSON",
    );
    expect(await problems("POST", "/api/v1/documents", [NOTEBOOK])).toBe(
      "the body must be a JSON object",
    );
    const { id } = (await call("POST", "/api/v1/documents", NOTEBOOK)).json();
    expect(await problems("PUT", `/api/v1/documents/${id}`, { name: "x" })).toContain(
      "version is required",
    );
    expect(await problems("PUT", `/api/v1/documents/${id}`, { version: "1", name: "x" })).toContain(
      "version must be the number of the version you read",
    );
    expect(await problems("PUT", `/api/v1/documents/${id}`, { version: 1 })).toContain(
      "send name, content or both",
    );
    expect(
      await problems("PUT", `/api/v1/documents/${id}`, { version: 1, kind: "dashboard" }),
    ).toMatch(/unrecognized key.*kind/i);
    const badKind = await call("GET", "/api/v1/documents?kind=sheet");
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toBe(
      'kind must be "notebook" or "dashboard", got "sheet"',
    );
    expect((await call("GET", `/api/v1/documents/${id}`)).json().version).toBe(1);
  });

  it("holds content up to 1 MB and answers 413 above it, also on update", async () => {
    // {"q":"…"} is 8 bytes around the text.
    const exact = { q: "x".repeat(MAX_DOCUMENT_CONTENT_BYTES - 8) };
    expect(Buffer.byteLength(JSON.stringify(exact))).toBe(MAX_DOCUMENT_CONTENT_BYTES);
    const created = await call("POST", "/api/v1/documents", { ...NOTEBOOK, content: exact });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    // Multi-byte characters count as bytes, not characters.
    const over = { q: "é".repeat(MAX_DOCUMENT_CONTENT_BYTES / 2) };
    const tooLarge = await call("POST", "/api/v1/documents", { ...NOTEBOOK, content: over });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toMatch(
      /^the content is \d+ bytes of JSON; a document holds at most 1048576 bytes \(1 MB\)$/,
    );
    const update = await call("PUT", `/api/v1/documents/${id}`, { version: 1, content: over });
    expect(update.statusCode).toBe(413);
    expect((await call("GET", `/api/v1/documents/${id}`)).json()).toMatchObject({
      version: 1,
      content: exact,
    });
  });

  it("answers 413 for a body over the server's limit before reading it", async () => {
    const small = await testServer({ maxBodyBytes: 64 * 1024 });
    try {
      const token = await small.token("documents:write");
      const response = await small.app.inject({
        method: "POST",
        url: "/api/v1/documents",
        headers: { ...auth(token), "content-type": "application/json" },
        payload: JSON.stringify({ ...NOTEBOOK, content: { q: "x".repeat(100 * 1024) } }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.message).toBe("the body is larger than 65536 bytes");
    } finally {
      await small.close();
    }
  });

  it("keeps non-ASCII names and content exactly", async () => {
    const body = {
      kind: "dashboard",
      name: "Übersicht — 脆弱性 🛡️",
      content: { title: "Übersicht", tiles: [], note: 'line\nbreak "quoted" \\ back' },
    };
    const { id } = (await call("POST", "/api/v1/documents", body)).json();
    expect((await call("GET", `/api/v1/documents/${id}`)).json()).toMatchObject(body);
  });
});
