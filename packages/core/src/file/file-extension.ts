import { defineSessionExtension } from "../runtime/session-extension.js";
import { FileClient } from "./file-client.js";

/** `session.file`: uploads files to Dify. Installed on every plugin by default. */
export const fileExtension = defineSessionExtension({
  name: "file",
  exportName: "fileExtension",
  packageName: "@x/core",
  create: (session) => new FileClient(session),
});
