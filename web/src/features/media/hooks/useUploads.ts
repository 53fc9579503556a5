/**
 * The files a person is uploading: each asks for an upload URL, PUTs its bytes straight to Blob
 * Storage (with progress, cancellable), then is inspected by the API and joins the library or is
 * refused with the reason. Three at a time; the rest wait their turn.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { ApiError } from "@/lib/api/client";
import { putToBlob, UploadAborted } from "@/lib/blobUpload";
import { type Completed, completeUpload, deleteMedia, libraryChanged, requestUpload } from "../api/media";

export const MAX_PARALLEL = 3;
// A video still being inspected by another request answers 409 media_processing: ask again.
const PROCESSING_POLL_MS = 2000;
const PROCESSING_MAX_POLLS = 300;

export type UploadStatus =
  | "queued"
  | "starting"
  | "uploading"
  | "processing"
  | "ready"
  | "refused"
  | "failed"
  | "cancelled";

export type Upload = {
  key: string;
  file: File;
  status: UploadStatus;
  sent: number;
  mediaId: string | null;
  /** What went wrong: the API's refusal (ApiError) or storage's (BlobUploadError). */
  error: unknown;
  result: Completed | null;
  /** A local preview of an image, before the server has made a thumbnail. */
  previewUrl: string | null;
};

export const ACTIVE: ReadonlySet<UploadStatus> = new Set(["starting", "uploading", "processing"]);
export const FINISHED: ReadonlySet<UploadStatus> = new Set(["ready", "refused", "failed", "cancelled"]);

type Action =
  | { type: "add"; uploads: Upload[] }
  | { type: "update"; key: string; change: Partial<Upload> }
  | { type: "remove"; keys: string[] };

function reducer(state: Upload[], action: Action): Upload[] {
  switch (action.type) {
    case "add":
      return [...state, ...action.uploads];
    case "update":
      return state.map((u) => (u.key === action.key ? { ...u, ...action.change } : u));
    case "remove":
      return state.filter((u) => !action.keys.includes(u.key));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;

export function useUploads(
  ws: string,
  notify: {
    ready: (upload: Upload, result: Completed) => void;
    problem: (upload: Upload, error: unknown) => void;
  },
) {
  const client = useQueryClient();
  const [uploads, dispatch] = useReducer(reducer, []);
  const aborts = useRef(new Map<string, () => void>());
  const cancelled = useRef(new Set<string>());
  const started = useRef(new Set<string>());
  const notifyRef = useRef(notify);
  notifyRef.current = notify;

  const update = useCallback(
    (key: string, change: Partial<Upload>) => dispatch({ type: "update", key, change }),
    [],
  );

  const run = useCallback(
    async (upload: Upload) => {
      const { key, file } = upload;
      const stop = (mediaId: string | null) => {
        update(key, { status: "cancelled" });
        // The upload URL was handed out: forget the unfinished media it would have become.
        if (mediaId) void deleteMedia(ws, mediaId).catch(() => undefined);
      };
      update(key, { status: "starting", sent: 0, error: null });
      let mediaId: string | null = null;
      try {
        const ticket = await requestUpload(ws, file);
        mediaId = ticket.media_id;
        if (cancelled.current.has(key)) return stop(mediaId);
        update(key, { status: "uploading", mediaId });
        const put = putToBlob(ticket.upload_url, ticket.headers, file, (sent) => update(key, { sent }));
        aborts.current.set(key, put.abort);
        await put.done;
        aborts.current.delete(key);
        update(key, { status: "processing", sent: file.size });
        for (let poll = 0; ; poll++) {
          try {
            const result = await completeUpload(ws, mediaId);
            update(key, { status: "ready", result });
            await libraryChanged(client, ws);
            notifyRef.current.ready({ ...upload, status: "ready" }, result);
            return;
          } catch (error) {
            if (
              !(error instanceof ApiError && error.code === "media_processing") ||
              poll >= PROCESSING_MAX_POLLS
            )
              throw error;
            await sleep(PROCESSING_POLL_MS);
          }
        }
      } catch (error) {
        aborts.current.delete(key);
        if (error instanceof UploadAborted || cancelled.current.has(key)) return stop(mediaId);
        // The API's 4xx answers are refusals of this file (type, size, content); the rest may pass on a retry.
        const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
        update(key, { status: refused ? "refused" : "failed", error });
        notifyRef.current.problem(upload, error);
      }
    },
    [ws, client, update],
  );

  // Start waiting uploads while fewer than MAX_PARALLEL are running.
  useEffect(() => {
    let room = MAX_PARALLEL - uploads.filter((u) => ACTIVE.has(u.status)).length;
    for (const upload of uploads) {
      if (room <= 0) break;
      if (upload.status !== "queued" || started.current.has(upload.key)) continue;
      started.current.add(upload.key);
      room -= 1;
      void run(upload);
    }
  }, [uploads, run]);

  const add = useCallback((files: File[]) => {
    const fresh = files.map<Upload>((file) => ({
      key: `upload-${++counter}`,
      file,
      status: "queued",
      sent: 0,
      mediaId: null,
      error: null,
      result: null,
      previewUrl: file.type.startsWith("image/") ? URL.createObjectURL(file) : null,
    }));
    dispatch({ type: "add", uploads: fresh });
  }, []);

  const cancel = useCallback(
    (key: string) => {
      cancelled.current.add(key);
      const abort = aborts.current.get(key);
      if (abort) abort();
      else if (!started.current.has(key)) update(key, { status: "cancelled" });
    },
    [update],
  );

  const retry = useCallback(
    (key: string) => {
      cancelled.current.delete(key);
      started.current.delete(key);
      update(key, { status: "queued", sent: 0, error: null, mediaId: null });
    },
    [update],
  );

  const uploadsRef = useRef(uploads);
  uploadsRef.current = uploads;
  const dismiss = useCallback((keys: string[]) => {
    for (const upload of uploadsRef.current)
      if (keys.includes(upload.key) && upload.previewUrl) URL.revokeObjectURL(upload.previewUrl);
    dispatch({ type: "remove", keys });
  }, []);

  // Leaving the page stops what is still sending and frees the previews.
  useEffect(
    () => () => {
      for (const abort of aborts.current.values()) abort();
      for (const upload of uploadsRef.current) if (upload.previewUrl) URL.revokeObjectURL(upload.previewUrl);
    },
    [],
  );

  return { uploads, add, cancel, retry, dismiss };
}
