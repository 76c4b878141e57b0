import { lstatSync, readdirSync, readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Problem } from "../check/problem.js";
import type { PluginProject } from "./project.js";

/** A file of the project that `"x-plugin".files` puts in the package, at the same path. */
export interface ProjectFile {
  /** `/`-separated path relative to the project, which is also its path in the package. */
  path: string;
  /** The file's bytes. */
  data: Buffer;
}

/** What {@link readProjectFiles} found: the files to carry, and what it could not carry. */
export interface ProjectFiles {
  files: ProjectFile[];
  problems: Problem[];
}

/**
 * Reads every file `"x-plugin".files` lists (files, or folders taken whole), for `package` to carry at the same
 * path: a plugin that reads `new URL("../data/", import.meta.url)` from `src/` finds `data/` beside the bundle,
 * as it did in the project. A listed path that does not exist is an error; a symbolic link is left out with a
 * warning, so nothing from outside the project ends up in the package.
 */
export function readProjectFiles(project: PluginProject): ProjectFiles {
  const files: ProjectFile[] = [];
  const problems: Problem[] = [];
  const walk = (path: string, stat: Stats) => {
    const absolute = join(project.dir, ...path.split("/"));
    if (stat.isSymbolicLink()) {
      problems.push({
        severity: "warning",
        file: path,
        message: "not packaged: a symbolic link (list the file it points to instead)",
      });
    } else if (stat.isDirectory()) {
      for (const name of readdirSync(absolute).sort()) {
        walk(`${path}/${name}`, lstatSync(join(absolute, name)));
      }
    } else if (stat.isFile()) {
      files.push({ path, data: readFileSync(absolute) });
    }
  };
  (project.files ?? []).forEach((path, index) => {
    let stat: Stats;
    try {
      stat = lstatSync(join(project.dir, ...path.split("/")));
    } catch {
      problems.push({
        severity: "error",
        file: "package.json",
        field: `x-plugin.files[${index}]`,
        message: `${path} does not exist in the project; create it or remove it from the list`,
      });
      return;
    }
    walk(path, stat);
  });
  return { files, problems };
}
