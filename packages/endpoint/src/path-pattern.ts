import { ValidationError } from "@x/core";

// Endpoint paths are matched in the plugin: the daemon forwards every call under `/e/<hook_id>/` with the rest of
// the path (`/e/:hook_id/*path`, `internal/server/http_server.go`), and the Python SDK matches it against the
// declared paths with werkzeug's router (`core/plugin_registration.py` `dispatch_endpoint_request`). The same
// rules here: a variable (`{id}`, or werkzeug's `<id>` / `<string:id>`) matches one non-empty segment part
// without `/`, `<path:rest>` matches the rest including `/`; static text must match exactly, a trailing slash
// included; values are percent-decoded.

/** The names of the variables in an endpoint path, e.g. `"/users/{id}"` → `"id"`. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : P extends `${string}<${infer Spec}>${infer Rest}`
    ? (Spec extends `${string}:${infer Name}` ? Name : Spec) | PathParamNames<Rest>
    : never;

/** The path parameters of an endpoint path, e.g. `"/users/{id}"` → `{ id: string }`. */
export type PathParams<P extends string> = string extends P
  ? Readonly<Record<string, string>>
  : { readonly [K in PathParamNames<P>]: string };

/** A compiled endpoint path. */
export interface PathPattern {
  /** The path as declared. */
  readonly path: string;
  /** Variable names, in order. */
  readonly names: readonly string[];
  /** How specific the pattern is: fewer variables and no `path` variable sort first. */
  readonly rank: number;
  /** The values of the variables when `pathname` (already percent-decoded) matches, else undefined. */
  match(pathname: string): Record<string, string> | undefined;
}

const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}|<(?:(string|path):)?([A-Za-z_][A-Za-z0-9_]*)>/g;

/** Compiles a declared endpoint path; throws `ValidationError` for a bad variable or a repeated name. */
export function compilePath(path: string, field = "path"): PathPattern {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new ValidationError(`must start with "/" (e.g. "/webhook"), got ${JSON.stringify(path)}`, {
      field,
    });
  }
  const names: string[] = [];
  let source = "^";
  let last = 0;
  let rank = 0;
  for (const found of path.matchAll(VARIABLE)) {
    source += escapeRegExp(path.slice(last, found.index));
    const name = found[1] ?? found[3]!;
    if (names.includes(name)) throw new ValidationError(`repeats the variable ${name}`, { field });
    names.push(name);
    const rest = found[2] === "path";
    source += rest ? "(.+)" : "([^/]+)";
    rank += rest ? 1000 : 1;
    last = found.index + found[0].length;
  }
  const tail = path.slice(last);
  if (/[{}<>]/.test(tail) || /[{}<>]/.test(path.replace(VARIABLE, ""))) {
    throw new ValidationError(
      "has a malformed variable: write {name} (or <name>, <path:name>) with a name of letters, digits and _",
      { field },
    );
  }
  source += `${escapeRegExp(tail)}$`;
  const regex = new RegExp(source);
  return {
    path,
    names,
    rank,
    match(pathname) {
      const found = regex.exec(pathname);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = found[i + 1]!;
      });
      return params;
    },
  };
}

/** Percent-decodes a URL path as werkzeug does before matching; malformed escapes are kept as they are. */
export function decodePathname(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
