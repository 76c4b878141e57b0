export { formatCassette, parseCassette, readCassette, writeCassette } from "./cassette-file.js";
export { CassetteRecorder, type CassetteRecorderOptions } from "./cassette-recorder.js";
export {
  CassetteReplay,
  type CassetteSource,
  diffCall,
  type ReplayCall,
  type ReplayMatch,
  type ReplayOptions,
} from "./cassette-replay.js";
export {
  CASSETTE_KIND,
  CASSETTE_VERSION,
  type Cassette,
  type CassetteBlob,
  type CassetteBlobChunks,
  CassetteBlobChunksSchema,
  CassetteBlobSchema,
  type CassetteEntry,
  type CassetteEntryInput,
  CassetteEntrySchema,
  type CassetteHeader,
  CassetteHeaderSchema,
  type CassetteInput,
  type CassetteReplyItem,
  CassetteReplyItemSchema,
  CassetteSchema,
  REDACTED,
} from "./cassette-schema.js";
