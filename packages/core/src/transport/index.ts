export { InMemoryTransport } from "./in-memory-transport.js";
export {
  createServerlessTransport,
  ServerlessTransport,
  type ServerlessTransportOptions,
} from "./serverless/serverless-transport.js";
export {
  MAX_TRANSACTION_BYTES,
  TransactionClient,
  type TransactionClientOptions,
  type TransactionHandlers,
} from "./serverless/transaction-client.js";
export { createStdioTransport, type StdioTransportOptions } from "./stdio-transport.js";
export type { BackoffOptions } from "./tcp/backoff.js";
export { createTcpTransport, TcpTransport, type TcpTransportOptions } from "./tcp/tcp-transport.js";
export type { Transport } from "./transport.js";
