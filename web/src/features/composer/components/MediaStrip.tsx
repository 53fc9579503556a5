/** The files of a post (or of one account): thumbnails in order, move and remove, add from the library or upload. */
import { ChevronLeft, ChevronRight, ImagePlus, Play, Upload, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { toastError } from "@/components/ui/toast";
import { formatNumber } from "@/lib/format";
import type { Media } from "../api/queries";
import { uploadFile } from "../api/upload";
import { MediaPicker } from "./MediaPicker";

type Sending = { key: string; name: string; share: number };

export function MediaStrip({
  ws,
  ids,
  media,
  onAdd,
  onRemove,
  onMove,
  label,
}: {
  ws: string;
  ids: string[];
  media: Record<string, Media>;
  onAdd: (items: Media[]) => void;
  onRemove: (id: string) => void;
  onMove?: (id: string, by: -1 | 1) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [uploads, setUploads] = useState<Sending[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();

  async function upload(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setUploads((now) => [...now, { key, name: file.name, share: 0 }]);
      try {
        const done = await uploadFile(ws, file, (share) =>
          setUploads((now) => now.map((u) => (u.key === key ? { ...u, share } : u))),
        );
        onAdd([done]);
      } catch (error) {
        toastError(error, t);
      } finally {
        setUploads((now) => now.filter((u) => u.key !== key));
      }
    }
    if (input.current) input.current.value = "";
  }

  return (
    <fieldset className="space-y-2">
      <legend className="sr-only">{label}</legend>
      {ids.length > 0 && (
        <ul className="flex flex-wrap gap-2">
          {ids.map((id, index) => {
            const item = media[id];
            const name = item?.filename ?? t("composer.media.file");
            return (
              <li
                key={id}
                className="group relative size-20 overflow-hidden rounded-lg border border-border bg-muted sm:size-24"
              >
                {item && (
                  <img
                    src={
                      item.kind === "video"
                        ? (item.poster_url ?? item.thumbnail_url ?? "")
                        : (item.thumbnail_url ?? item.url)
                    }
                    alt={name}
                    className="size-full object-cover"
                  />
                )}
                {item?.kind === "video" && (
                  <Play className="absolute start-1 bottom-1 size-4 text-white drop-shadow" aria-hidden />
                )}
                <button
                  type="button"
                  onClick={() => onRemove(id)}
                  className="absolute end-1 top-1 rounded-full bg-black/60 p-1 text-white hover:bg-black/80"
                  aria-label={t("composer.media.remove", { name })}
                >
                  <X className="size-3.5" aria-hidden />
                </button>
                {onMove && ids.length > 1 && (
                  <span className="absolute inset-x-1 bottom-1 flex justify-between">
                    <button
                      type="button"
                      disabled={index === 0}
                      onClick={() => onMove(id, -1)}
                      className="rounded bg-black/60 p-0.5 text-white disabled:invisible"
                      aria-label={t("composer.media.earlier", { name })}
                    >
                      <ChevronLeft className="size-3.5 flip-rtl" aria-hidden />
                    </button>
                    <button
                      type="button"
                      disabled={index === ids.length - 1}
                      onClick={() => onMove(id, 1)}
                      className="rounded bg-black/60 p-0.5 text-white disabled:invisible"
                      aria-label={t("composer.media.later", { name })}
                    >
                      <ChevronRight className="size-3.5 flip-rtl" aria-hidden />
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {uploads.map((u) => (
        <div key={u.key} className="flex items-center gap-3 text-sm">
          <span className="min-w-0 flex-1 truncate" dir="auto">
            {u.name}
          </span>
          <progress
            className="h-2 w-32 accent-[var(--ck-accent)]"
            max={1}
            value={u.share}
            aria-label={t("composer.media.uploading", { name: u.name })}
          />
          <span className="w-12 text-end text-xs text-fg-muted">
            {formatNumber(u.share, { style: "percent" })}
          </span>
        </div>
      ))}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={() => setPicking(true)} disabled={ids.length >= 20}>
          <ImagePlus className="size-4" aria-hidden />
          {t("composer.media.fromLibrary")}
        </Button>
        <label
          htmlFor={inputId}
          className="inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-lg border border-border bg-surface px-3 text-sm font-medium hover:bg-muted has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent"
        >
          <Upload className="size-4" aria-hidden />
          {t("composer.media.upload")}
          <input
            ref={input}
            id={inputId}
            type="file"
            multiple
            accept="image/*,video/*"
            className="sr-only"
            onChange={(e) => void upload(e.target.files)}
          />
        </label>
      </div>
      <MediaPicker ws={ws} open={picking} onOpenChange={setPicking} already={ids} onPick={onAdd} />
    </fieldset>
  );
}
