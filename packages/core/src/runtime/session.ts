import { fileExtension } from "../file/file-extension.js";
import { storageExtension } from "../storage/storage-extension.js";
import type { SessionBase } from "./session-base.js";
import type { ExtensionApis, SessionExtension } from "./session-extension.js";

/** The extensions every plugin has without asking: `session.storage` and `session.file`. */
export const DEFAULT_EXTENSIONS = [storageExtension, fileExtension] as const;

/**
 * A daemon request being handled, as plugin code sees it: the request's identity, `signal`, `logger`,
 * `invoke()`, `storage` and `file`, plus the APIs `A` of the extensions the component installed (e.g.
 * `Session<ExtensionApis<[typeof workflowNodeExtension]>>` has `session.workflowNode`). Reading an extension that
 * is not installed is a compile error, and at run time an `ExtensionNotInstalledError` naming the line to add.
 */
export type Session<A = unknown> = SessionBase & ExtensionApis<typeof DEFAULT_EXTENSIONS> & A;

/** A session with exactly the extensions `Es` (plus the defaults) installed. */
export type SessionWith<Es extends readonly SessionExtension[]> = Session<ExtensionApis<Es>>;
