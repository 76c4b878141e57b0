import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads every file under the assets folder, keyed by its path relative to it (`icon.svg`, `img/a.png`): the
 * names the daemon gives the files of a package's `_assets/` folder. A missing folder gives an empty map.
 */
export function readAssets(dir: string): Map<string, Uint8Array> {
  const assets = new Map<string, Uint8Array>();
  const walk = (folder: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else assets.set(`${prefix}${name}`, readFileSync(path));
    }
  };
  walk(dir, "");
  return assets;
}
