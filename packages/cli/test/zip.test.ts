import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readZip, writeZip } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "x-plugin-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const python = (script: string, ...args: string[]) =>
  execFileSync("python3", ["-c", script, ...args], { encoding: "utf8" });

describe("writeZip / readZip (yazl + yauzl)", () => {
  const entries = [
    { path: "manifest.yaml", data: Buffer.from("name: demo\n".repeat(50)) },
    { path: "_assets/icon.svg", data: Buffer.from("<svg/>") },
    { path: "tools/ünïcode.yaml", data: Buffer.from("x: 1\n") },
    { path: "empty.txt", data: Buffer.alloc(0) },
    { path: "random.bin", data: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)) },
  ];

  it("reads back byte for byte, in the order written, with the archive comment", async () => {
    const { files, comment } = await readZip(await writeZip(entries, { comment: '{"time":1}' }));
    expect(files.map((f) => f.path)).toEqual(entries.map((e) => e.path));
    for (const [i, file] of files.entries()) expect(Buffer.compare(file.data, entries[i]!.data)).toBe(0);
    expect(comment).toBe('{"time":1}');
  });

  it("writes an archive an independent reader (Python's zipfile) accepts, comment included", async () => {
    const file = join(dir, "a.zip");
    writeFileSync(file, await writeZip(entries, { comment: "hello" }));
    const listing = python(
      "import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({'files': [[i.filename, len(z.read(i))] for i in z.infolist()], 'comment': z.comment.decode()}))",
      file,
    );
    expect(JSON.parse(listing)).toEqual({
      files: entries.map((e) => [e.path, e.data.length]),
      comment: "hello",
    });
    expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it("reads an archive written by Python's zipfile, comment included", async () => {
    const file = join(dir, "py.zip");
    python(
      "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n  z.writestr('b.txt', 'bee' * 100)\n  z.writestr('a/c.txt', '')\n  z.comment = b'{\"signature\":\"x\"}'",
      file,
    );
    const { files, comment } = await readZip(readFileSync(file));
    expect(files.map((f) => [f.path, f.data.toString()])).toEqual([
      ["b.txt", "bee".repeat(100)],
      ["a/c.txt", ""],
    ]);
    expect(comment).toBe('{"signature":"x"}');
  });

  it("refuses paths the daemon's extractor would reject, and duplicates", async () => {
    for (const path of ["../evil", "/abs", "a\\b", "a/../../b", "", "dir/", "a//b"]) {
      await expect(writeZip([{ path, data: Buffer.from("x") }])).rejects.toThrow(/unsafe zip entry path/);
    }
    await expect(
      writeZip([
        { path: "a", data: Buffer.from("x") },
        { path: "a", data: Buffer.from("y") },
      ]),
    ).rejects.toThrow(/duplicate/);
  });

  it("refuses a directory entry when reading (the daemon's verifier cannot read one as a file)", async () => {
    const file = join(dir, "dirs.zip");
    python(
      "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n  z.writestr('tools/', '')\n  z.writestr('tools/a.yaml', 'a: 1')",
      file,
    );
    await expect(readZip(readFileSync(file))).rejects.toThrow(/directory entry "tools\/"/);
  });

  it("detects a corrupted entry when reading", async () => {
    const archive = await writeZip([{ path: "a.txt", data: Buffer.from("hello hello hello hello hello") }]);
    archive[40] = (archive[40] ?? 0) ^ 0xff;
    await expect(readZip(archive)).rejects.toThrow();
  });
});
