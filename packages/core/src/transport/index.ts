export { InMemoryTransport } from "./in-memory-transport.js";
export { createStdioTransport, type StdioTransportOptions } from "./stdio-transport.js";
export type { Transport } from "./transport.js";
