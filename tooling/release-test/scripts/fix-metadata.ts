// Writes the release metadata every public workspace package must have (see lib/metadata.ts), then lists
// what is still wrong and needs a person: `pnpm --filter release-test fix-metadata`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectedManifest, metadataProblems, readPolicy } from "../lib/metadata.js";
import { listWorkspace, readManifest, repoRoot } from "../lib/workspace.js";

const policy = readPolicy(repoRoot);
let left = 0;
for (const pkg of await listWorkspace(repoRoot)) {
  if (pkg.manifest.private) continue;
  const fixed = expectedManifest(pkg, policy);
  if (JSON.stringify(fixed) !== JSON.stringify(pkg.manifest)) {
    writeFileSync(join(pkg.path, "package.json"), `${JSON.stringify(fixed, null, 2)}\n`);
    console.log(`wrote ${pkg.dir}/package.json`);
  }
  for (const problem of metadataProblems({ ...pkg, manifest: readManifest(pkg.path) }, policy)) {
    console.error(problem);
    left++;
  }
}
if (left > 0) process.exitCode = 1;
