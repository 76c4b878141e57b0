export { encodeFrame } from "./encode-frame.js";
export { FrameWriter, type WritableLike } from "./frame-writer.js";
export { type CodecLimits, DEFAULT_MAX_INBOUND_LINE, DEFAULT_MAX_OUTBOUND_LINE } from "./limits.js";
export { LineDecoder, type LineDecoderHandlers } from "./line-decoder.js";
