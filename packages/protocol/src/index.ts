// @x/protocol: the Dify plugin daemon's wire protocol as zod schemas and the types inferred from them.
// One module per family; `docs/protocol.md` (§ numbers in comments) is the prose it is written from.
export * from "./agent/index.js";
export * from "./app/index.js";
export * from "./common-model-ref.js";
export * from "./credentials.js";
export * from "./datasource/index.js";
export * from "./dynamic-parameter/index.js";
export * from "./endpoint/index.js";
export * from "./frames/index.js";
export * from "./i18n.js";
export * from "./invocations/index.js";
export * from "./json.js";
export { lazySchema } from "./lazy-schema.js";
export * from "./messages/index.js";
export * from "./model/index.js";
export * from "./model-provider/index.js";
export * from "./node/index.js";
export * from "./oauth/index.js";
export * from "./registration/index.js";
export * from "./tool/index.js";
export * from "./trigger/index.js";
