/**
 * A file straight to Blob Storage: ask the API for an upload URL, PUT the bytes there with progress
 * (XMLHttpRequest: fetch cannot report upload progress), then ask the API to inspect it.
 */
import { ApiError, api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Completed = components["schemas"]["CompletedOut"];

function put(url: string, headers: Record<string, string>, file: File, onProgress: (share: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, "upload_failed", xhr.statusText || "Upload failed"));
    xhr.onerror = () => reject(new TypeError("network"));
    xhr.send(file);
  });
}

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
  await put(ticket.upload_url, ticket.headers, file, onProgress);
  return unwrap(
    api.POST("/api/v1/workspaces/{ws}/media/{media_id}/complete", {
      params: { path: { ws, media_id: ticket.media_id } },
    }),
  );
}
