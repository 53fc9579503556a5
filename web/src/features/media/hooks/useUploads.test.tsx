import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api/client";
import { UploadAborted } from "@/lib/blobUpload";
import { MAX_PARALLEL, useUploads } from "./useUploads";

const api = vi.hoisted(() => ({
  requestUpload: vi.fn(),
  completeUpload: vi.fn(),
  deleteMedia: vi.fn(),
  libraryChanged: vi.fn(),
}));
vi.mock("../api/media", () => api);

type Put = {
  progress: (sent: number) => void;
  finish: () => void;
  fail: (error: unknown) => void;
  aborted: boolean;
};
const puts: Put[] = [];
vi.mock("@/lib/blobUpload", async (original) => ({
  ...(await original<typeof import("@/lib/blobUpload")>()),
  putToBlob: (
    _url: string,
    _headers: unknown,
    _file: Blob,
    onProgress: (sent: number, total: number) => void,
  ) => {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const put: Put = {
      progress: (sent) => onProgress(sent, 100),
      finish: resolve,
      fail: reject,
      aborted: false,
    };
    puts.push(put);
    return {
      done,
      abort: () => {
        put.aborted = true;
        reject(new UploadAborted());
      },
    };
  },
}));

function setup() {
  const client = new QueryClient();
  const notify = { ready: vi.fn(), problem: vi.fn() };
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const hook = renderHook(() => useUploads("ws-1", notify), { wrapper });
  return { ...hook, notify };
}

const file = (name: string, type = "image/png", size = 100) =>
  new File([new Uint8Array(size)], name, { type });
const ticket = (id: string) => ({
  media_id: id,
  upload_url: `https://storage.test/${id}`,
  method: "PUT",
  headers: { "x-ms-blob-type": "BlockBlob" },
  expires_at: "2030-01-01T00:00:00Z",
});

beforeEach(() => {
  puts.length = 0;
  vi.clearAllMocks();
  api.libraryChanged.mockResolvedValue(undefined);
  api.deleteMedia.mockResolvedValue(undefined);
  URL.createObjectURL = vi.fn(() => "blob:preview");
  URL.revokeObjectURL = vi.fn();
});

describe("uploading files", () => {
  it("goes from the upload URL through the PUT's progress and the inspection to the library", async () => {
    api.requestUpload.mockResolvedValue(ticket("m1"));
    // The first completion finds another still inspecting the video; the next one finishes.
    api.completeUpload
      .mockRejectedValueOnce(new ApiError(409, "media_processing", "busy"))
      .mockResolvedValue({ id: "m1", deduplicated: false });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { result, notify } = setup();
    act(() => result.current.add([file("clip.mp4", "video/mp4")]));
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("uploading"));
    act(() => puts[0]?.progress(40));
    expect(result.current.uploads[0]?.sent).toBe(40);
    await act(async () => puts[0]?.finish());
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("processing"));
    await act(async () => vi.advanceTimersByTimeAsync(2500));
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("ready"));
    expect(api.completeUpload).toHaveBeenCalledTimes(2);
    expect(api.libraryChanged).toHaveBeenCalled();
    expect(notify.ready).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it("keeps the server's refusal of a file and sends nothing to storage", async () => {
    const refusal = new ApiError(422, "unsupported_type", "'text/plain' is not accepted");
    api.requestUpload.mockRejectedValue(refusal);
    const { result, notify } = setup();
    act(() => result.current.add([file("notes.txt", "text/plain")]));
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("refused"));
    expect(result.current.uploads[0]?.error).toBe(refusal);
    expect(puts).toHaveLength(0);
    expect(notify.problem).toHaveBeenCalledWith(
      expect.objectContaining({ key: result.current.uploads[0]?.key }),
      refusal,
    );
  });

  it("cancels a PUT in flight and forgets the unfinished media", async () => {
    api.requestUpload.mockResolvedValue(ticket("m2"));
    const { result } = setup();
    act(() => result.current.add([file("big.png")]));
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("uploading"));
    act(() => result.current.cancel(result.current.uploads[0]?.key ?? ""));
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("cancelled"));
    expect(puts[0]?.aborted).toBe(true);
    expect(api.deleteMedia).toHaveBeenCalledWith("ws-1", "m2");
    expect(api.completeUpload).not.toHaveBeenCalled();
  });

  it("sends a few at a time; the rest wait their turn", async () => {
    let n = 0;
    api.requestUpload.mockImplementation(async () => ticket(`m${++n}`));
    api.completeUpload.mockResolvedValue({ deduplicated: false });
    const { result } = setup();
    act(() => result.current.add(Array.from({ length: MAX_PARALLEL + 2 }, (_, i) => file(`f${i}.png`))));
    await waitFor(() => expect(puts).toHaveLength(MAX_PARALLEL));
    expect(result.current.uploads.filter((u) => u.status === "queued")).toHaveLength(2);
    await act(async () => puts[0]?.finish());
    await waitFor(() => expect(puts).toHaveLength(MAX_PARALLEL + 1));
  });

  it("a failed PUT can be tried again", async () => {
    api.requestUpload.mockResolvedValue(ticket("m9"));
    api.completeUpload.mockResolvedValue({ deduplicated: false });
    const { result } = setup();
    act(() => result.current.add([file("photo.png")]));
    await waitFor(() => expect(puts).toHaveLength(1));
    await act(async () => puts[0]?.fail(new Error("network")));
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("failed"));
    act(() => result.current.retry(result.current.uploads[0]?.key ?? ""));
    await waitFor(() => expect(puts).toHaveLength(2));
    await act(async () => puts[1]?.finish());
    await waitFor(() => expect(result.current.uploads[0]?.status).toBe("ready"));
  });
});
