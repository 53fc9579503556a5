/** Files from the library: a dialog over the media list, several at once, with "load more". */
import { Check, Play } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/Dialog";
import { Spinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { type Media, useMediaLibrary } from "../api/queries";

export function MediaPicker({
  ws,
  open,
  onOpenChange,
  already,
  onPick,
}: {
  ws: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  already: string[];
  onPick: (items: Media[]) => void;
}) {
  const { t } = useTranslation();
  const library = useMediaLibrary(ws, open);
  const [chosen, setChosen] = useState<Media[]>([]);
  const items = library.data?.pages.flatMap((p) => p.items) ?? [];
  const toggle = (item: Media) =>
    setChosen((now) =>
      now.some((m) => m.id === item.id) ? now.filter((m) => m.id !== item.id) : [...now, item],
    );
  const close = (next: boolean) => {
    if (!next) setChosen([]);
    onOpenChange(next);
  };
  let body = null;
  if (library.isPending)
    body = (
      <div className="flex justify-center py-10">
        <Spinner className="size-6" />
      </div>
    );
  else if (library.error) body = <ErrorState error={library.error} onRetry={() => library.refetch()} />;
  else if (!items.length)
    body = (
      <EmptyState title={t("composer.media.libraryEmpty")}>{t("composer.media.libraryEmptyHint")}</EmptyState>
    );
  else
    body = (
      <>
        <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {items.map((item) => {
            const on = chosen.some((m) => m.id === item.id);
            const used = already.includes(item.id);
            return (
              <li key={item.id}>
                <button
                  type="button"
                  aria-pressed={on}
                  disabled={used}
                  onClick={() => toggle(item)}
                  className={cn(
                    "relative block aspect-square w-full overflow-hidden rounded-lg border-2 bg-muted disabled:opacity-50",
                    on ? "border-accent" : "border-transparent",
                  )}
                >
                  <img
                    src={item.thumbnail_url ?? item.poster_url ?? item.url}
                    alt={item.filename}
                    className="size-full object-cover"
                  />
                  {item.kind === "video" && (
                    <Play
                      className="absolute start-1.5 bottom-1.5 size-4 text-white drop-shadow"
                      aria-hidden
                    />
                  )}
                  {(on || used) && (
                    <span className="absolute end-1.5 top-1.5 rounded-full bg-accent p-0.5 text-accent-fg">
                      <Check className="size-3.5" aria-hidden />
                    </span>
                  )}
                  <span className="sr-only">{used ? t("composer.media.alreadyAdded") : ""}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {library.hasNextPage && (
          <div className="mt-4 flex justify-center">
            <Button
              variant="secondary"
              size="sm"
              busy={library.isFetchingNextPage}
              onClick={() => library.fetchNextPage()}
            >
              {t("common.loadMore")}
            </Button>
          </div>
        )}
      </>
    );
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      wide
      title={t("composer.media.libraryTitle")}
      description={t("composer.media.libraryHint")}
      footer={
        <>
          <Button variant="secondary" onClick={() => close(false)}>
            {t("common.cancel")}
          </Button>
          <Button
            disabled={!chosen.length}
            onClick={() => {
              onPick(chosen);
              close(false);
            }}
          >
            {t("composer.media.addChosen", { count: chosen.length })}
          </Button>
        </>
      }
    >
      {body}
    </Dialog>
  );
}
