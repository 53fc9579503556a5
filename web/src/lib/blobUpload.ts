/**
 * The PUT of a file's bytes to Blob Storage with the upload URL the API handed out. XMLHttpRequest,
 * not fetch: only XHR reports upload progress in browsers today.
 */
export type BlobUpload = { done: Promise<void>; abort: () => void };

export class BlobUploadError extends Error {
  constructor(
    readonly status: number,
    readonly storageCode: string | null,
  ) {
    super(`storage answered ${status}${storageCode ? ` (${storageCode})` : ""}`);
    this.name = "BlobUploadError";
  }
}

export class UploadAborted extends Error {
  constructor() {
    super("upload cancelled");
    this.name = "UploadAborted";
  }
}

export function putToBlob(
  url: string,
  headers: Record<string, string>,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): BlobUpload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new BlobUploadError(xhr.status, xhr.getResponseHeader("x-ms-error-code")));
    };
    // A refused preflight or a dropped connection: status 0, no answer to read.
    xhr.onerror = () => reject(new BlobUploadError(0, null));
    xhr.onabort = () => reject(new UploadAborted());
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
