// The wire shapes of datasource requests, replies and declarations are defined once, in @x/protocol.

export { OAuthError } from "@x/core/internal";
export type {
  DatasourceProviderDeclaration,
  DatasourceProviderType,
  OnlineDocumentInfoInput,
  OnlineDocumentPageRef,
  OnlineDriveBrowseParams,
  OnlineDriveDownloadParams,
  OnlineDriveFileBucketInput,
  WebSiteInfoDetail,
  WebSiteInfoInput,
} from "@x/protocol";
export { DATASOURCE_PROVIDER_TYPES, ONLINE_DRIVE_FILE_SIZE_RULE } from "@x/protocol";
export {
  type AnyDatasourceDefinition,
  type Awaitable,
  type DatasourceContext,
  type DatasourceDefinition,
  type DatasourceMessageStream,
  type DatasourceRunContext,
  type DownloadedFile,
  defineOnlineDocument,
  defineOnlineDrive,
  defineWebsiteCrawl,
  type OnlineDocumentDefinitionInput,
  type OnlineDriveDefinitionInput,
  type PageContentReturn,
  type WebsiteCrawlDefinitionInput,
} from "./define-datasource.js";
export {
  type DatasourceCredentialsContext,
  type DatasourceOAuthDefinition,
  DatasourceProvider,
  type DatasourceProviderDefinitionInput,
  defineDatasourceProvider,
} from "./define-datasource-provider.js";
export { DatasourceCredentialsError } from "./errors/datasource-credentials-error.js";
export { DatasourceNotFoundError } from "./errors/datasource-not-found-error.js";
export { DatasourceParameterError } from "./errors/datasource-parameter-error.js";
export { MAX_DATASOURCE_BLOB_BYTES } from "./handlers.js";
export {
  type DatasourceBooleanParameter,
  type DatasourceNumberParameter,
  type DatasourceParameterDefinition,
  type DatasourceParameterDefinitions,
  type DatasourceParameters,
  type DatasourceParameterValue,
  type DatasourceSelectParameter,
  type DatasourceStringParameter,
  parseDatasourceParameters,
} from "./parameters.js";
