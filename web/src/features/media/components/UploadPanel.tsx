/** The files being uploaded: how far each is, what the server said, and cancel, retry or dismiss. */
import { CheckCircle2, File as FileIcon, Film, RotateCcw, X, XCircle } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Progress } from "@/components/ui/Progress";
import { formatNumber } from "@/lib/format";
import { FINISHED, type Upload } from "../hooks/useUploads";
import { describeMediaError, formatBytes } from "../utils/describe";

function percent(upload: Upload) {
  return upload.file.size ? (upload.sent / upload.file.size) * 100 : 0;
}

function StatusLine({ upload }: { upload: Upload }) {
  const { t } = useTranslation();
  const video = upload.file.type.startsWith("video/");
  switch (upload.status) {
    case "queued":
      return <>{t("media.upload.queued")}</>;
    case "starting":
      return <>{t("media.upload.starting")}</>;
    case "uploading":
      return (
        <>
          {t("media.upload.uploading", {
            percent: formatNumber(percent(upload) / 100, { style: "percent" }),
            sent: formatBytes(upload.sent),
            total: formatBytes(upload.file.size),
          })}
        </>
      );
    case "processing":
      return <>{video ? t("media.upload.processingVideo") : t("media.upload.processing")}</>;
    case "ready":
      return (
        <span className="text-success">
          {upload.result?.deduplicated ? t("media.upload.duplicate") : t("media.upload.ready")}
        </span>
      );
    case "cancelled":
      return <>{t("media.upload.cancelled")}</>;
    case "refused":
      return (
        <span className="text-danger">
          {t("media.upload.refused", { reason: describeMediaError(upload.error, t) })}
        </span>
      );
    case "failed":
      return (
        <span className="text-danger">
          {t("media.upload.failed", { reason: describeMediaError(upload.error, t) })}
        </span>
      );
  }
}

function UploadRow({
  upload,
  onCancel,
  onRetry,
  onDismiss,
}: {
  upload: Upload;
  onCancel: () => void;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  // A file that only claims to be an image has no preview to show.
  const [noPreview, setNoPreview] = useState(false);
  const name = upload.file.name;
  const finished = FINISHED.has(upload.status);
  const cancellable =
    upload.status === "queued" || upload.status === "starting" || upload.status === "uploading";
  return (
    <li className="flex items-center gap-3 px-4 py-3 sm:px-5" data-upload={name} data-status={upload.status}>
      <div className="size-12 shrink-0 overflow-hidden rounded-lg bg-muted">
        {upload.previewUrl && !noPreview ? (
          <img
            src={upload.previewUrl}
            alt=""
            className="size-full object-cover"
            onError={() => setNoPreview(true)}
          />
        ) : (
          <div className="flex size-full items-center justify-center text-fg-muted">
            {upload.file.type.startsWith("video/") ? (
              <Film className="size-5" aria-hidden />
            ) : (
              <FileIcon className="size-5" aria-hidden />
            )}
          </div>
        )}
      </div>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex items-baseline justify-between gap-3">
          <span className="truncate text-sm font-medium" dir="auto">
            {name}
          </span>
          <span className="shrink-0 text-xs text-fg-muted">{formatBytes(upload.file.size)}</span>
        </div>
        {!finished && (
          <Progress
            label={t("media.upload.progressLabel", { name })}
            value={
              upload.status === "uploading" ? percent(upload) : upload.status === "queued" ? 0 : undefined
            }
          />
        )}
        <p className="flex items-start gap-1.5 text-xs text-fg-muted">
          {upload.status === "ready" && (
            <CheckCircle2 className="mt-px size-3.5 shrink-0 text-success" aria-hidden />
          )}
          {(upload.status === "refused" || upload.status === "failed") && (
            <XCircle className="mt-px size-3.5 shrink-0 text-danger" aria-hidden />
          )}
          <span>
            <StatusLine upload={upload} />
          </span>
        </p>
      </div>
      {cancellable && (
        <Button
          variant="ghost"
          size="sm"
          onClick={onCancel}
          aria-label={t("media.upload.cancelNamed", { name })}
        >
          {t("common.cancel")}
        </Button>
      )}
      {upload.status === "failed" && (
        <Button
          variant="secondary"
          size="sm"
          onClick={onRetry}
          aria-label={t("media.upload.retryNamed", { name })}
        >
          <RotateCcw className="size-4" aria-hidden />
          <span className="hidden sm:inline">{t("common.tryAgain")}</span>
        </Button>
      )}
      {finished && (
        <button
          type="button"
          className="rounded-md p-1.5 text-fg-muted hover:bg-muted hover:text-fg"
          onClick={onDismiss}
          aria-label={t("media.upload.dismissNamed", { name })}
        >
          <X className="size-4" aria-hidden />
        </button>
      )}
    </li>
  );
}

export function UploadPanel({
  uploads,
  onCancel,
  onRetry,
  onDismiss,
}: {
  uploads: Upload[];
  onCancel: (key: string) => void;
  onRetry: (key: string) => void;
  onDismiss: (keys: string[]) => void;
}) {
  const { t } = useTranslation();
  if (uploads.length === 0) return null;
  const finished = uploads.filter((u) => FINISHED.has(u.status)).map((u) => u.key);
  return (
    <Card className="mb-6">
      <CardHeader
        title={t("media.upload.title")}
        action={
          finished.length > 0 && (
            <Button variant="ghost" size="sm" onClick={() => onDismiss(finished)}>
              {t("media.upload.clearFinished")}
            </Button>
          )
        }
      />
      <ul aria-label={t("media.upload.title")} className="divide-y divide-border">
        {uploads.map((upload) => (
          <UploadRow
            key={upload.key}
            upload={upload}
            onCancel={() => onCancel(upload.key)}
            onRetry={() => onRetry(upload.key)}
            onDismiss={() => onDismiss([upload.key])}
          />
        ))}
      </ul>
    </Card>
  );
}
