/**
 * A file straight to Blob Storage: ask the API for an upload URL, PUT the bytes there with progress,
 * then ask the API to inspect it.
 */
import { ApiError, api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { BlobUploadError, putToBlob } from "@/lib/blobUpload";

export type Completed = components["schemas"]["CompletedOut"];

export async function uploadFile(
  ws: string,
  file: File,
  onProgress: (share: number) => void,
): Promise<Completed> {
  const ticket = await unwrap(
    api.POST("/api/v1/workspaces/{ws}/media/uploads", {
      params: { path: { ws } },
      body: { filename: file.name, content_type: file.type || "application/octet-stream", size: file.size },
    }),
  );
  try {
    await putToBlob(ticket.upload_url, ticket.headers, file, (sent, total) =>
      onProgress(total ? sent / total : 0),
    ).done;
  } catch (error) {
    // Storage refused the bytes (status 0: the connection dropped): say so in the API's terms.
    if (error instanceof BlobUploadError && error.status !== 0)
      throw new ApiError(error.status, "upload_failed", error.message);
    if (error instanceof BlobUploadError) throw new TypeError("network");
    throw error;
  }
  return unwrap(
    api.POST("/api/v1/workspaces/{ws}/media/{media_id}/complete", {
      params: { path: { ws, media_id: ticket.media_id } },
    }),
  );
}
