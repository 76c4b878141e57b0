import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** The `request` of an `upload_file` call: the name and MIME type of the file to store (§4.9). */
export const UploadFileRequestSchema = lazySchema(() =>
  z.object({
    filename: z.string().min(1, "filename must be a non-empty string"),
    mimetype: z.string().min(1, "mimetype must be a non-empty string"),
  }),
);

/** The `request` of an `upload_file` call. */
export type UploadFileRequest = z.infer<typeof UploadFileRequestSchema>;

/** The `upload_file` reply: a signed URL the bytes are then POSTed to. */
export const UploadFileReplySchema = lazySchema(() => z.object({ url: z.string().min(1) }));
