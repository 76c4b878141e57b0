import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readZip, writeZip } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "x-plugin-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeZip", () => {
  const entries = [
    { path: "manifest.yaml", data: Buffer.from("name: demo\n".repeat(50)) },
    { path: "_assets/icon.svg", data: Buffer.from("<svg/>") },
    { path: "tools/ünïcode.yaml", data: Buffer.from("x: 1\n") },
    { path: "empty.txt", data: Buffer.alloc(0) },
    { path: "random.bin", data: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)) },
  ];

  it("reads back byte for byte, deflated or stored", () => {
    const files = readZip(writeZip(entries));
    expect(files.map((f) => f.path)).toEqual(entries.map((e) => e.path));
    for (const [i, file] of files.entries()) expect(Buffer.compare(file.data, entries[i]!.data)).toBe(0);
  });

  it("is a valid archive for an independent reader (Python's zipfile)", () => {
    const file = join(dir, "a.zip");
    writeFileSync(file, writeZip(entries));
    const listing = execFileSync(
      "python3",
      [
        "-c",
        "import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: len(z.read(i)) for i in z.infolist()}))",
        file,
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(listing)).toEqual(Object.fromEntries(entries.map((e) => [e.path, e.data.length])));
    expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it("refuses paths the daemon's extractor would reject", () => {
    for (const path of ["../evil", "/abs", "a\\b", "a/../../b", ""]) {
      expect(() => writeZip([{ path, data: Buffer.from("x") }])).toThrow(/unsafe zip entry path/);
    }
    expect(() =>
      writeZip([
        { path: "a", data: Buffer.from("x") },
        { path: "a", data: Buffer.from("y") },
      ]),
    ).toThrow(/duplicate/);
  });

  it("detects a corrupted entry when reading", () => {
    const archive = writeZip([{ path: "a.txt", data: Buffer.from("hello hello hello hello hello") }]);
    archive[40] = (archive[40] ?? 0) ^ 0xff;
    expect(() => readZip(archive)).toThrow();
  });
});
