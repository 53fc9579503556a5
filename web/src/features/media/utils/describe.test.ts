import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/client";
import { BlobUploadError } from "@/lib/blobUpload";
import i18n from "@/lib/i18n";
import { describeMediaError, formatBytes, formatDuration } from "./describe";

const t = i18n.t.bind(i18n);

describe("media in people's words", () => {
  it("writes sizes in binary steps and durations as a clock", () => {
    expect(formatBytes(512)).toBe("512 byte");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
    expect(formatDuration(3_000)).toBe("0:03");
    expect(formatDuration(83_500)).toBe("1:24");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
  });

  it("says why a file was refused, with the numbers the server gave", () => {
    const tooLarge = new ApiError(422, "file_too_large", "A image may be at most 20 MiB", {
      max_bytes: 20 * 1024 * 1024,
      size: 31 * 1024 * 1024,
    });
    expect(describeMediaError(tooLarge, t)).toBe(
      "The file is too large: the most allowed is 20 MB and this one is 31 MB.",
    );
    expect(describeMediaError(new ApiError(409, "media_in_use", "x"), t)).toMatch(
      /^Posts that are not finished yet/,
    );
    // A code this page has no words for: the server's own message.
    expect(describeMediaError(new ApiError(422, "something_new", "The server's words."), t)).toBe(
      "The server's words.",
    );
  });

  it("tells an expired upload link from storage being out of reach", () => {
    expect(describeMediaError(new BlobUploadError(403, "AuthenticationFailed"), t)).toMatch(/link expired/);
    expect(describeMediaError(new BlobUploadError(0, null), t)).toMatch(/Check your connection/);
  });
});
