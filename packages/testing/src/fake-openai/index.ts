export {
  type FakeChatReply,
  type FakeFault,
  type FakeOpenAIOptions,
  type FakeOpenAIRequest,
  FakeOpenAIServer,
  type FakeToolCall,
  startFakeOpenAI,
} from "./fake-openai-server.js";
export type { ParsedMultipart } from "./multipart.js";
