import { z } from 'zod';

/** One file attached to a ticket. `name` is the uploader's name only for those handling it. */
export const attachmentView = z.object({
  id: z.string(),
  ticketId: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
  /** False for viewers who see the ticket but do not handle it (R9.1). */
  downloadable: z.boolean(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

/** The upload's file name travels percent-encoded in this header (HTTP headers are ASCII). */
export const ATTACHMENT_NAME_HEADER = 'x-file-name';
