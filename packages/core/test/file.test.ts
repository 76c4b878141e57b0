import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  AbortedError,
  FileUploadError,
  InvocationError,
  InvocationTimeoutError,
  ProtocolError,
  type Session,
  type ValidationError,
} from "@x/core";
import { toAppFileParameter, type UploadedFile } from "@x/protocol";
import { Agent, type Dispatcher } from "undici";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { type Reply, type ReverseCall, startSessionRunner as start } from "./support/session-runner.js";

type Received = { method: string; url: string; contentType: string; form: FormData };

/** A real loopback HTTP server playing Dify's files API. */
async function filesApi(answer: (received: Received, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const contentType = req.headers["content-type"] ?? "";
    const form = await new Response(Buffer.concat(chunks), {
      headers: { "content-type": contentType },
    }).formData();
    const item = { method: req.method ?? "", url: req.url ?? "", contentType, form };
    received.push(item);
    answer(item, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { received, base: `http://127.0.0.1:${port}` };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});
function signedUrl(base: string) {
  return (_call: ReverseCall, reply: Reply) => {
    reply.response({ url: `${base}/files/upload/for-plugin?timestamp=1&nonce=abc&sign=SECRET-SIGNATURE` });
    reply.end();
  };
}
const record = {
  id: "5f1c0e0a-7a0e-4b1e-9e55-2b1f5f0a9b10",
  name: "report.pdf",
  size: 5,
  extension: "pdf",
  mime_type: "application/pdf",
  preview_url: null,
};

describe("session.file.upload", () => {
  it("asks the daemon for a signed URL, POSTs the bytes as multipart and returns the 201 file record", async () => {
    const api = await filesApi((_r, res) =>
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(record)),
    );
    const h = await start(signedUrl(api.base));
    const bytes = new Uint8Array([37, 80, 68, 70, 0]);
    const file = await h.run((session) => session.file.upload("report.pdf", bytes, "application/pdf"));
    // Python SDK payload (invocations/file.py) and daemon validation: filename* and mimetype* only.
    expect(h.calls).toEqual([
      expect.objectContaining({
        type: "upload_file",
        request: { filename: "report.pdf", mimetype: "application/pdf" },
      }),
    ]);
    expect(api.received).toHaveLength(1);
    const got = api.received[0]!;
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/files/upload/for-plugin?timestamp=1&nonce=abc&sign=SECRET-SIGNATURE");
    expect(got.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const part = got.form.get("file") as File;
    expect(part.name).toBe("report.pdf");
    expect(part.type).toBe("application/pdf");
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes);
    expect(file).toMatchObject({ ...record, type: "document" });
    expect(toAppFileParameter(file)).toEqual({
      upload_file_id: record.id,
      transfer_method: "local_file",
      type: "document",
    });
  });

  it("derives the file type from the MIME type when Dify omits it, and keeps a given one", async () => {
    let answer: object = { ...record, name: "a.png", extension: "png", mime_type: "image/png" };
    const api = await filesApi((_r, res) => res.writeHead(201).end(JSON.stringify(answer)));
    const h = await start(signedUrl(api.base));
    const image = await h.run((session) => session.file.upload("a.png", new Uint8Array([1]), "image/png"));
    expect(image.type).toBe("image");
    answer = { ...record, type: "audio" };
    const given = await h.run((session) => session.file.upload("a.pdf", "x", "application/pdf"));
    expect(given.type).toBe("audio");
  });

  it("fails with FileUploadError carrying status and body on a non-201 answer, without leaking the signature", async () => {
    const api = await filesApi((_r, res) => res.writeHead(413).end('{"code":"file_too_large"}'));
    const h = await start(signedUrl(api.base));
    const error = await h
      .run((session) => session.file.upload("big.bin", new Uint8Array(100), "application/octet-stream"))
      .catch((e: unknown) => e);
    expect(FileUploadError.isInstance(error)).toBe(true);
    const failure = error as FileUploadError;
    expect(failure.status).toBe(413);
    expect(failure.body).toBe('{"code":"file_too_large"}');
    expect(failure.message).toContain("HTTP 413");
    expect(failure.message).not.toContain("SECRET-SIGNATURE");
  });

  it("fails with FileUploadError when the 201 body is not JSON or not a file record", async () => {
    let body = "<html>oops</html>";
    const api = await filesApi((_r, res) => res.writeHead(201).end(body));
    const h = await start(signedUrl(api.base));
    const notJson = await h.run((s) => s.file.upload("a.txt", "a", "text/plain")).catch((e: unknown) => e);
    expect(FileUploadError.isInstance(notJson)).toBe(true);
    expect((notJson as Error).message).toContain("not JSON");
    body = JSON.stringify({ name: "a.txt" });
    const noId = await h.run((s) => s.file.upload("a.txt", "a", "text/plain")).catch((e: unknown) => e);
    expect(FileUploadError.isInstance(noId)).toBe(true);
    expect((noId as Error).message).toContain("id");
  });

  it("fails with FileUploadError when nothing listens at the signed URL", async () => {
    const api = await filesApi(() => {});
    const closed = api.base;
    for (const server of servers.splice(0)) server.close();
    const h = await start(signedUrl(closed));
    const error = await h.run((s) => s.file.upload("a.txt", "a", "text/plain")).catch((e: unknown) => e);
    expect(FileUploadError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain("SECRET-SIGNATURE");
  });

  it("uses the injected undici dispatcher for the HTTP leg", async () => {
    const api = await filesApi((_r, res) => res.writeHead(201).end(JSON.stringify(record)));
    const h = await start(signedUrl(api.base));
    const seen: string[] = [];
    class Recording extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        seen.push(`${options.method} ${options.path}`);
        return super.dispatch(options, handler);
      }
    }
    const dispatcher = new Recording();
    await h.run((s) => s.file.upload("a.pdf", "12345", "application/pdf", { dispatcher }));
    await dispatcher.close();
    expect(seen).toEqual(["POST /files/upload/for-plugin?timestamp=1&nonce=abc&sign=SECRET-SIGNATURE"]);
  });

  it("aborts the HTTP leg with AbortedError when the caller's signal fires", async () => {
    const api = await filesApi(() => {});
    const h = await start(signedUrl(api.base));
    const controller = new AbortController();
    const pending = h.run((s) => s.file.upload("a.txt", "a", "text/plain", { signal: controller.signal }));
    await expect.poll(() => api.received.length).toBe(1);
    controller.abort(new Error("stop"));
    const error = await pending.catch((e: unknown) => e);
    expect(AbortedError.isInstance(error)).toBe(true);
  });

  it("times out the HTTP leg with InvocationTimeoutError when Dify never answers", async () => {
    const api = await filesApi(() => {});
    const h = await start(signedUrl(api.base));
    const error = await h
      .run((s) => s.file.upload("a.txt", "a", "text/plain", { timeout: 300 }))
      .catch((e: unknown) => e);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).invokeType).toBe("upload_file");
    expect(api.received).toHaveLength(1);
  });

  it("passes daemon errors and bad signed-URL replies through as typed errors", async () => {
    let mode = 0;
    const h = await start((_call, reply) => {
      if (mode === 0) reply.error("upload file failed: request failed: tenant not found");
      if (mode === 1) reply.response({ url: "" });
      if (mode === 2) reply.response({ url: "ftp://example.com/x" });
      reply.end();
    });
    const failed = await h.run((s) => s.file.upload("a.txt", "a", "text/plain")).catch((e: unknown) => e);
    expect(InvocationError.isInstance(failed)).toBe(true);
    expect((failed as InvocationError).daemonMessage).toContain("tenant not found");
    mode = 1;
    const empty = await h.run((s) => s.file.upload("a.txt", "a", "text/plain")).catch((e: unknown) => e);
    expect(ProtocolError.isInstance(empty)).toBe(true);
    mode = 2;
    const scheme = await h.run((s) => s.file.upload("a.txt", "a", "text/plain")).catch((e: unknown) => e);
    expect(ProtocolError.isInstance(scheme)).toBe(true);
  });

  it("validates filename and mimetype before asking the daemon", async () => {
    const h = await start(() => {});
    const noName = await h.run((s) => s.file.upload("", "a", "text/plain")).catch((e: unknown) => e);
    const noMime = await h.run((s) => s.file.upload("a.txt", "a", "")).catch((e: unknown) => e);
    expect((noName as ValidationError).field).toBe("filename");
    expect((noMime as ValidationError).field).toBe("mimetype");
    expect(h.calls).toHaveLength(0);
  });

  it("has typed results", () => {
    expectTypeOf<ReturnType<Session["file"]["upload"]>>().toEqualTypeOf<Promise<UploadedFile>>();
    expectTypeOf<UploadedFile["type"]>().toEqualTypeOf<"document" | "image" | "video" | "audio">();
    expectTypeOf<UploadedFile["id"]>().toEqualTypeOf<string>();
  });
});
