/** Sizes, durations and refusals of media, in the page's language. */
import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api/client";
import { BlobUploadError } from "@/lib/blobUpload";
import { describeError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";

const UNITS = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;

/** 1536 → "1.5 kB"; binary steps, the unit names of Intl. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return formatNumber(value, {
    style: "unit",
    unit: UNITS[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  });
}

/** 83_500 ms → "1:24"; an hour and more → "1:02:05". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

type SizeDetails = { max_bytes?: number; size?: number };

/** Why a file was refused or failed: the library's own words, with the numbers the server gave. */
export function describeMediaError(error: unknown, t: TFunction): string {
  if (error instanceof BlobUploadError)
    return error.status === 403 ? t("media.errors.uploadExpired") : t("media.errors.storage");
  if (error instanceof ApiError) {
    const details = (error.details ?? {}) as SizeDetails;
    const own = t(`media.errors.${error.code}`, {
      defaultValue: "",
      max: details.max_bytes ? formatBytes(details.max_bytes) : "",
      size: details.size ? formatBytes(details.size) : "",
    });
    if (own) return own;
  }
  return describeError(error, t);
}
