import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ONLINE_DRIVE_FILE_SIZE_RULE } from "@x/datasource";
import { DatasourceProviderDeclarationSchema, OnlineDriveBrowseFilesReplySchema } from "@x/protocol";
import { createTestHarness, type TestHarness } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDrivePlugin, DRIVE_ACCESS_TOKEN, DRIVE_ROOT, mimeTypeOf } from "../src/index.js";

// local_docs_drive in process (the real runtime and codec over @x/testing's in-memory link), reading the
// app's drive/ fixture folder: buckets handbook and reports.

let drive: TestHarness;
beforeAll(() => {
  drive = createTestHarness(createDrivePlugin());
});
afterAll(async () => {
  await drive.close();
});

const target = {
  provider: "local_docs_drive",
  datasource: "files",
  credentials: { access_token: DRIVE_ACCESS_TOKEN },
};
const fixture = (path: string) => readFileSync(join(DRIVE_ROOT, path));

describe("local_docs_drive (online drive)", () => {
  it("declares one online_drive provider the daemon accepts, with a secret access token", () => {
    const [declaration] = createDrivePlugin().declarations().get("datasource") ?? [];
    const parsed = DatasourceProviderDeclarationSchema.parse(declaration);
    expect(parsed.provider_type).toBe("online_drive");
    expect(JSON.stringify(parsed.credentials_schema)).toContain('"secret-input"');
  });

  it("lists the buckets (the top-level folders) when no bucket is given", async () => {
    const run = await drive.datasource.browse(target);
    expect(run.error).toBeNull();
    expect(run.buckets).toEqual([
      { bucket: "handbook", files: [], is_truncated: false, next_page_parameters: null },
      { bucket: "reports", files: [], is_truncated: false, next_page_parameters: null },
    ]);
  });

  it("pages a folder max_keys at a time, continuing after the id next_page_parameters carries", async () => {
    const first = await drive.datasource.browse({ ...target, bucket: "handbook", maxKeys: 3 });
    expect(first.error).toBeNull();
    const [page1] = first.buckets;
    expect(page1?.bucket).toBe("handbook");
    expect(page1?.files.map((file) => file.id)).toEqual(["README.md", "empty.txt", "on-call.md"]);
    expect(page1?.is_truncated).toBe(true);
    expect(page1?.next_page_parameters).toEqual({ after: "on-call.md" });

    const second = await drive.datasource.browse({
      ...target,
      bucket: "handbook",
      maxKeys: 3,
      nextPageParameters: page1?.next_page_parameters ?? null,
    });
    const [page2] = second.buckets;
    expect(page2?.files.map((file) => `${file.type} ${file.id}`)).toEqual([
      "file onboarding.md",
      "folder policies/",
    ]);
    expect(page2?.is_truncated).toBe(false);
    expect(page2?.next_page_parameters).toBeNull();

    const all = await drive.datasource.browseAll({ ...target, bucket: "handbook", maxKeys: 2 });
    expect(all.pages).toHaveLength(3);
    expect(all.files.map((file) => file.id)).toEqual([
      "README.md",
      "empty.txt",
      "on-call.md",
      "onboarding.md",
      "policies/",
    ]);
  });

  it("reports real file sizes, and 0 for folders", async () => {
    const run = await drive.datasource.browse({ ...target, bucket: "handbook", maxKeys: 20 });
    const sizes = Object.fromEntries(run.buckets[0]?.files.map((file) => [file.id, file.size]) ?? []);
    expect(sizes).toEqual({
      "README.md": fixture("handbook/README.md").byteLength,
      "empty.txt": 0,
      "on-call.md": fixture("handbook/on-call.md").byteLength,
      "onboarding.md": fixture("handbook/onboarding.md").byteLength,
      "policies/": 0,
    });
  });

  it("browses into a folder by its id as the prefix", async () => {
    const run = await drive.datasource.browse({ ...target, bucket: "handbook", prefix: "policies/" });
    expect(run.buckets[0]?.files).toEqual([
      {
        id: "policies/expenses.md",
        name: "expenses.md",
        size: fixture("handbook/policies/expenses.md").byteLength,
        type: "file",
      },
      {
        id: "policies/travel.md",
        name: "travel.md",
        size: fixture("handbook/policies/travel.md").byteLength,
        type: "file",
      },
    ]);
    // A prefix without its trailing slash names the same folder.
    const bare = await drive.datasource.browse({ ...target, bucket: "handbook", prefix: "policies" });
    expect(bare.buckets[0]?.files.map((file) => file.id)).toEqual([
      "policies/expenses.md",
      "policies/travel.md",
    ]);
  });

  it("downloads a file as one blob whose bytes equal the file, with its name and MIME type", async () => {
    const run = await drive.datasource.download({ ...target, bucket: "reports", id: "2026-q3.csv" });
    expect(run.error).toBeNull();
    expect(run.messages.map((message) => message.type)).toEqual(["blob"]);
    expect(run.file?.fileName).toBe("2026-q3.csv");
    expect(run.file?.mimeType).toBe("text/csv");
    expect(Buffer.from(run.file?.bytes ?? new Uint8Array()).equals(fixture("reports/2026-q3.csv"))).toBe(
      true,
    );

    const nested = await drive.datasource.download({
      ...target,
      bucket: "handbook",
      id: "policies/travel.md",
    });
    expect(nested.file?.mimeType).toBe("text/markdown");
    expect(new TextDecoder().decode(nested.file?.bytes)).toBe(
      fixture("handbook/policies/travel.md").toString(),
    );
    expect(mimeTypeOf("summary.json")).toBe("application/json");
    expect(mimeTypeOf("archive.xyz")).toBe("application/octet-stream");
  });

  it("lists an empty file with size 0 (the daemon does not enforce its required tag) and downloads 0 bytes", async () => {
    // OnlineDriveFile.Size is `validate:"required"`, but the validator never reaches it (no `dive` on the
    // reply's result), so @x/protocol's schema accepts 0, as the daemon does.
    expect(ONLINE_DRIVE_FILE_SIZE_RULE).toMatchObject({ enforced: false, zeroAccepted: true });
    const run = await drive.datasource.browse({ ...target, bucket: "handbook", maxKeys: 20 });
    const empty = run.buckets[0]?.files.find((file) => file.id === "empty.txt");
    expect(empty).toEqual({ id: "empty.txt", name: "empty.txt", size: 0, type: "file" });
    // The raw reply item, as the daemon decodes it.
    expect(OnlineDriveBrowseFilesReplySchema.safeParse(run.items[0]).success).toBe(true);
    expect(drive.daemon.problems).toEqual([]);

    const download = await drive.datasource.download({ ...target, bucket: "handbook", id: "empty.txt" });
    expect(download.error).toBeNull();
    expect(download.items).toEqual([
      { type: "blob", message: { blob: "" }, meta: { file_name: "empty.txt", mime_type: "text/plain" } },
    ]);
    expect(download.file?.bytes.byteLength).toBe(0);
  });

  it("validates the access token and refuses a wrong or missing one without echoing it", async () => {
    expect((await drive.datasource.validateCredentials(target)).valid).toBe(true);
    const secret = "guessed-drive-token-42";
    const bad = await drive.datasource.validateCredentials({
      ...target,
      credentials: { access_token: secret },
    });
    expect(bad.valid).toBe(false);
    expect(bad.error).toMatchObject({
      error_type: "DatasourceCredentialsError",
      message: "the drive refused the access token",
    });
    expect(JSON.stringify(bad.error)).not.toContain(secret);
    const missing = await drive.datasource.validateCredentials({ ...target, credentials: {} });
    expect(missing.error?.message).toBe("set the drive's access token");

    // Browse and download check the token too, and nothing the plugin logged carries it.
    const browse = await drive.datasource.browse({ ...target, credentials: { access_token: secret } });
    expect(browse.error?.error_type).toBe("DatasourceCredentialsError");
    const download = await drive.datasource.download({
      ...target,
      credentials: { access_token: secret },
      bucket: "reports",
      id: "summary.json",
    });
    expect(download.error?.error_type).toBe("DatasourceCredentialsError");
    expect(download.file).toBeUndefined();
    expect(drive.daemon.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(drive.daemon.logs)).not.toContain(secret);
    expect(JSON.stringify(drive.daemon.logs)).not.toContain(DRIVE_ACCESS_TOKEN);
  });

  it("refuses a file id, prefix or bucket that escapes the root", async () => {
    const escapes = [
      { bucket: "handbook", id: "../../package.json" },
      { bucket: "handbook", id: "policies/../../reports/summary.json" },
      { bucket: "handbook", id: "/etc/passwd" },
      { bucket: "..", id: "package.json" },
      { bucket: "handbook/..", id: "reports/summary.json" },
    ];
    for (const request of escapes) {
      const run = await drive.datasource.download({ ...target, ...request });
      expect(run.error?.error_type, JSON.stringify(request)).toBe("DrivePathError");
      expect(run.file).toBeUndefined();
    }
    const browse = await drive.datasource.browse({ ...target, bucket: "handbook", prefix: "../" });
    expect(browse.error).toMatchObject({
      error_type: "DrivePathError",
      message: 'folder "../" is not a path inside the bucket (no "..", ".", empty segments or backslashes)',
    });
  });

  it("fails clearly on a missing file, a folder id, no bucket and a bad page cursor", async () => {
    const missing = await drive.datasource.download({ ...target, bucket: "reports", id: "2025-q1.csv" });
    expect(missing.error?.message).toBe('file "2025-q1.csv" is not in bucket "reports"');
    const folder = await drive.datasource.download({ ...target, bucket: "handbook", id: "policies/" });
    expect(folder.error?.message).toBe('"policies/" is a folder: browse it, download its files');
    const noBucket = await drive.datasource.download({ ...target, id: "README.md" });
    expect(noBucket.error?.message).toMatch(/pick a bucket first/);
    const cursor = await drive.datasource.browse({
      ...target,
      bucket: "handbook",
      nextPageParameters: { after: 3 },
    });
    expect(cursor.error?.message).toBe(
      "next_page_parameters.after must be the last file id of the previous page",
    );
  });
});

describe("local_docs_drive over another folder", () => {
  const root = mkdtempSync(join(tmpdir(), "local-drive-"));
  const outside = mkdtempSync(join(tmpdir(), "local-drive-outside-"));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("takes its root and token from the options, and refuses a link that points out of the root", async () => {
    mkdirSync(join(root, "box"));
    writeFileSync(join(root, "box", "inside.txt"), "inside");
    writeFileSync(join(outside, "secret.txt"), "outside");
    symlinkSync(join(outside, "secret.txt"), join(root, "box", "link.txt"));
    await using harness = createTestHarness(createDrivePlugin({ root, accessToken: "other-token" }));
    const box = { ...target, credentials: { access_token: "other-token" }, bucket: "box" };

    const listed = await harness.datasource.browse(box);
    // The link is not listed...
    expect(listed.buckets[0]?.files.map((file) => file.id)).toEqual(["inside.txt"]);
    // ...and asking for it by id is refused after the link is followed.
    const escaped = await harness.datasource.download({ ...box, id: "link.txt" });
    expect(escaped.error).toMatchObject({
      error_type: "DrivePathError",
      message: 'file "link.txt" leads outside the drive',
    });
    const inside = await harness.datasource.download({ ...box, id: "inside.txt" });
    expect(new TextDecoder().decode(inside.file?.bytes)).toBe("inside");
    const refused = await harness.datasource.validateCredentials({ ...box, credentials: target.credentials });
    expect(refused.error?.error_type).toBe("DatasourceCredentialsError");
  });
});
