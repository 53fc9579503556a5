/**
 * The workspace's media library: upload by picker or by dropping files anywhere on the page,
 * straight to Blob Storage with progress; browse thumbnails and video posters; delete what no
 * unfinished post uses.
 */
import { Upload as UploadIcon } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { useDropzone } from "react-dropzone";
import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { PageHeader } from "@/components/ui/Card";
import { cn } from "@/components/ui/cn";
import { PageSpinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { type Media, type MediaKind, useDeleteMedia, useMediaLibrary } from "../api/media";
import { DeleteMediaDialog, MediaPreviewDialog } from "../components/MediaDialogs";
import { MediaGrid } from "../components/MediaGrid";
import { UploadPanel } from "../components/UploadPanel";
import { useUploads } from "../hooks/useUploads";
import { describeMediaError } from "../utils/describe";

// What the picker offers first; anything else can still be chosen, and the server says why it is refused.
const PICKER_TYPES = "image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime";
const KINDS: ("" | MediaKind)[] = ["", "image", "gif", "video"];

export default function MediaPage() {
  const { t } = useTranslation();
  usePageTitle(t("media.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const canWrite = atLeast(workspace.data?.role, "contributor");
  const zone = workspace.data?.default_timezone ?? "UTC";

  const [kind, setKind] = useState<"" | MediaKind>("");
  const library = useMediaLibrary(ws, kind);
  const items = useMemo(() => library.data?.pages.flatMap((page) => page.items) ?? [], [library.data]);

  const { uploads, add, cancel, retry, dismiss } = useUploads(ws, {
    ready: (upload, result) =>
      toast.success(
        result.deduplicated
          ? t("media.toast.duplicate", { name: upload.file.name })
          : t("media.toast.uploaded", { name: upload.file.name }),
      ),
    problem: (upload, error) =>
      toast.error(t("media.toast.refused", { name: upload.file.name, reason: describeMediaError(error, t) })),
  });

  const onDrop = useCallback((files: File[]) => files.length && add(files), [add]);
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop,
    noClick: true,
    noKeyboard: true,
    disabled: !canWrite,
  });

  const [viewing, setViewing] = useState<Media | null>(null);
  const [deleting, setDeleting] = useState<Media | null>(null);
  const remove = useDeleteMedia(ws);
  const askDelete = useCallback(
    (media: Media) => {
      remove.reset();
      setViewing(null);
      setDeleting(media);
    },
    [remove.reset],
  );

  let body: React.ReactNode;
  if (library.isPending) body = <PageSpinner />;
  else if (library.error) body = <ErrorState error={library.error} onRetry={() => library.refetch()} />;
  else if (items.length === 0)
    body = (
      <EmptyState
        title={kind ? t("media.empty.kindTitle") : t("media.empty.title")}
        action={
          canWrite && (
            <Button onClick={open}>
              <UploadIcon className="size-4" aria-hidden />
              {t("media.upload.choose")}
            </Button>
          )
        }
      >
        {canWrite ? t("media.empty.body") : t("media.empty.bodyReader")}
      </EmptyState>
    );
  else
    body = (
      <MediaGrid
        items={items}
        canDelete={canWrite}
        onOpen={setViewing}
        onDelete={askDelete}
        hasMore={Boolean(library.hasNextPage)}
        loadingMore={library.isFetchingNextPage}
        loadMore={library.fetchNextPage}
      />
    );

  return (
    <div {...getRootProps({ className: "relative min-h-[60vh] outline-none" })}>
      <input
        {...getInputProps({ accept: PICKER_TYPES })}
        aria-label={t("media.upload.choose")}
        data-testid="file-input"
      />
      {isDragActive && (
        <div className="pointer-events-none fixed inset-0 z-40 flex items-center justify-center bg-accent/10 p-6 backdrop-blur-[1px]">
          <div className="rounded-2xl border-2 border-dashed border-accent bg-surface px-8 py-10 text-center shadow-xl">
            <UploadIcon className="mx-auto size-10 text-accent" aria-hidden />
            <p className="mt-3 text-lg font-semibold">{t("media.upload.dropNow")}</p>
          </div>
        </div>
      )}
      <PageHeader
        title={t("media.title")}
        description={t("media.description")}
        actions={
          canWrite && (
            <Button onClick={open}>
              <UploadIcon className="size-4" aria-hidden />
              {t("media.upload.choose")}
            </Button>
          )
        }
      />
      {canWrite ? (
        <p className="mb-4 text-sm text-fg-muted">{t("media.upload.hint")}</p>
      ) : (
        workspace.data && (
          <p className="mb-4 rounded-lg bg-muted px-4 py-3 text-sm text-fg-muted">{t("media.readOnly")}</p>
        )
      )}
      <UploadPanel uploads={uploads} onCancel={cancel} onRetry={retry} onDismiss={dismiss} />
      <fieldset className="mb-4 flex flex-wrap gap-2">
        <legend className="sr-only">{t("media.kind.filter")}</legend>
        {KINDS.map((value) => (
          <button
            key={value || "all"}
            type="button"
            aria-pressed={kind === value}
            onClick={() => setKind(value)}
            className={cn(
              "h-8 rounded-full border px-3 text-sm font-medium transition-colors",
              kind === value
                ? "border-accent bg-accent-soft text-accent"
                : "border-border bg-surface text-fg-muted hover:bg-muted hover:text-fg",
            )}
          >
            {value ? t(`media.kind.${value}Plural`) : t("common.all")}
          </button>
        ))}
      </fieldset>
      <div aria-busy={library.isFetching && !library.isFetchingNextPage}>{body}</div>

      {viewing && (
        <MediaPreviewDialog
          media={viewing}
          zone={zone}
          canDelete={canWrite}
          onClose={() => setViewing(null)}
          onDelete={askDelete}
        />
      )}
      {deleting && (
        <DeleteMediaDialog
          ws={ws}
          media={deleting}
          busy={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                toast.success(t("media.toast.deleted", { name: deleting.filename }));
                setDeleting(null);
              },
              onError: (error) => toast.error(describeMediaError(error, t)),
            })
          }
        />
      )}
    </div>
  );
}
