import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { metadataProblems, readPolicy } from "../lib/metadata.js";
import { listWorkspace, repoRoot, type WorkspacePackage } from "../lib/workspace.js";

// The fast half of the release checks: every public package's package.json, as it is in this working tree.
let workspace: WorkspacePackage[] = [];

beforeAll(async () => {
  workspace = await listWorkspace(repoRoot);
});

describe("release metadata", () => {
  it("every public package has the release metadata it needs (license, repository, files, exports, engines)", () => {
    const policy = readPolicy(repoRoot);
    const publics = workspace.filter((pkg) => !pkg.manifest.private);
    expect(publics.length).toBeGreaterThan(0);
    expect(publics.flatMap((pkg) => metadataProblems(pkg, policy))).toEqual([]);
  });

  it("the root LICENSE states the license every package declares", () => {
    const policy = readPolicy(repoRoot);
    expect(policy.license).toBe("MIT");
    expect(readFileSync(join(repoRoot, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  });

  it("sample apps and tooling are private, so no release can publish them", () => {
    const outside = workspace.filter((pkg) => !pkg.dir.startsWith("packages/"));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((pkg) => pkg.manifest.private !== true).map((pkg) => pkg.dir)).toEqual([]);
  });
});
