/**
 * Every chosen account: its count against its limit, its problems (from the preview or a refused save)
 * on the account they belong to, and its own text, media and options. Paged, problems first, so a
 * thousand accounts cost fifty rows.
 */
import { AlertTriangle, ChevronDown, SlidersHorizontal } from "lucide-react";
import { memo, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { Textarea } from "@/components/ui/Field";
import { formatNumber } from "@/lib/format";
import type { Account, Media, Platform, TargetPreview } from "../api/queries";
import { type Problem, problemText } from "../lib/problems";
import type { Action, OptionValue, Override } from "../lib/state";
import { MediaStrip } from "./MediaStrip";
import { OptionFields } from "./OptionFields";

const PAGE = 50;

type RowProps = {
  ws: string;
  account: Account;
  platform: Platform | undefined;
  preview: TargetPreview | undefined;
  problems: Problem[];
  override: Override | undefined;
  postMediaIds: string[];
  media: Record<string, Media>;
  getText: () => string;
  dispatch: (action: Action) => void;
  rememberMedia: (items: Media[]) => void;
};

const AccountRow = memo(function AccountRow(props: RowProps) {
  const { t } = useTranslation();
  const { account, preview, override, dispatch } = props;
  const [open, setOpen] = useState(false);
  const name = props.platform?.name ?? account.platform;
  const over = preview ? preview.length > preview.max_length : false;
  const customised = override !== undefined;
  const panelId = `account-${account.id}`;
  return (
    <li className="border-b border-border last:border-b-0" data-account={account.handle}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5">
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium" dir="auto">
            {account.display_name || account.handle}
          </span>
          <span className="block truncate text-xs text-fg-muted">
            <span dir="ltr">@{account.handle}</span> · {name}
          </span>
        </span>
        {customised && <Badge tone="accent">{t("composer.perAccount.customised")}</Badge>}
        {preview && (
          <span
            className={cn(
              "text-xs tabular-nums transition-opacity group-data-[stale]/composer:opacity-60",
              over ? "font-semibold text-danger" : "text-fg-muted",
            )}
            dir="ltr"
          >
            {formatNumber(preview.length)} / {formatNumber(preview.max_length)}
          </span>
        )}
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          aria-label={t("composer.perAccount.customiseFor", { handle: account.handle })}
        >
          <SlidersHorizontal className="size-4" aria-hidden />
          <span className="hidden sm:inline">{t("composer.perAccount.customise")}</span>
          <ChevronDown className={cn("size-4 transition-transform", open && "rotate-180")} aria-hidden />
        </Button>
      </div>
      {props.problems.length > 0 && (
        <ul
          className="space-y-1 px-3 pb-2.5"
          aria-label={t("composer.perAccount.problemsFor", { handle: account.handle })}
        >
          {props.problems.map((p) => (
            <li key={p.code + p.message} className="flex items-start gap-1.5 text-sm text-danger">
              <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
              {problemText(p, t, { platform: name, length: preview?.length, max: preview?.max_length })}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div id={panelId} className="space-y-4 border-t border-border bg-muted/40 px-3 py-4">
          <div className="space-y-1.5">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                className="size-4 accent-[var(--ck-accent)]"
                checked={override?.text !== undefined}
                onChange={(e) =>
                  dispatch({
                    type: "overrideText",
                    account: account.id,
                    text: e.target.checked ? props.getText() : null,
                  })
                }
              />
              {t("composer.perAccount.ownText")}
            </label>
            {override?.text !== undefined && (
              <Textarea
                rows={4}
                value={override.text}
                aria-label={t("composer.perAccount.textFor", { handle: account.handle })}
                onChange={(e) =>
                  dispatch({ type: "overrideText", account: account.id, text: e.target.value })
                }
              />
            )}
          </div>
          <div className="space-y-1.5">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                className="size-4 accent-[var(--ck-accent)]"
                checked={override?.mediaIds !== undefined}
                onChange={(e) =>
                  dispatch({
                    type: "overrideMedia",
                    account: account.id,
                    ids: e.target.checked ? props.postMediaIds : null,
                  })
                }
              />
              {t("composer.perAccount.ownMedia")}
            </label>
            {override?.mediaIds !== undefined && (
              <MediaStrip
                ws={props.ws}
                ids={override.mediaIds}
                media={props.media}
                label={t("composer.perAccount.mediaFor", { handle: account.handle })}
                onAdd={(items) => {
                  props.rememberMedia(items);
                  dispatch({
                    type: "overrideMedia",
                    account: account.id,
                    ids: [...new Set([...(override.mediaIds ?? []), ...items.map((m) => m.id)])],
                  });
                }}
                onRemove={(id) =>
                  dispatch({
                    type: "overrideMedia",
                    account: account.id,
                    ids: (override.mediaIds ?? []).filter((m) => m !== id),
                  })
                }
              />
            )}
          </div>
          {props.platform?.options?.length ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">
                {t("composer.perAccount.options", { platform: name })}
              </legend>
              <OptionFields
                options={props.platform.options}
                values={override?.options ?? {}}
                onChange={(option, value: OptionValue | null) =>
                  dispatch({ type: "option", account: account.id, name: option, value })
                }
              />
            </fieldset>
          ) : null}
        </div>
      )}
    </li>
  );
});

export const AccountCustomizer = memo(function AccountCustomizer({
  ws,
  selected,
  accountsById,
  platforms,
  previews,
  problems,
  overrides,
  postMediaIds,
  media,
  getText,
  dispatch,
  rememberMedia,
}: {
  ws: string;
  selected: string[];
  accountsById: Map<string, Account>;
  platforms: Record<string, Platform>;
  previews: Map<string, TargetPreview>;
  problems: Record<string, Problem[]>;
  overrides: Record<string, Override>;
  postMediaIds: string[];
  media: Record<string, Media>;
  getText: () => string;
  dispatch: (action: Action) => void;
  rememberMedia: (items: Media[]) => void;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const withProblems = useMemo(() => selected.filter((id) => problems[id]?.length), [selected, problems]);
  const ordered = useMemo(() => {
    if (onlyProblems) return withProblems;
    const flagged = new Set(withProblems);
    return [...withProblems, ...selected.filter((id) => !flagged.has(id))];
  }, [selected, withProblems, onlyProblems]);
  if (!selected.length) return <p className="text-sm text-fg-muted">{t("composer.perAccount.none")}</p>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {withProblems.length > 0 ? (
          <p className="me-auto flex items-center gap-1.5 font-medium text-danger" role="status">
            <AlertTriangle className="size-4" aria-hidden />
            {t("composer.perAccount.withProblems", { count: withProblems.length })}
          </p>
        ) : (
          <p className="me-auto text-fg-muted" role="status">
            {t("composer.perAccount.allGood", { count: selected.length })}
          </p>
        )}
        {withProblems.length > 0 && (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              className="size-4 accent-[var(--ck-accent)]"
              checked={onlyProblems}
              onChange={(e) => setOnlyProblems(e.target.checked)}
            />
            {t("composer.perAccount.onlyProblems")}
          </label>
        )}
      </div>
      <ul className="overflow-hidden rounded-lg border border-border">
        {ordered.slice(0, shown).map((id) => {
          const account = accountsById.get(id);
          if (!account) return null;
          return (
            <AccountRow
              key={id}
              ws={ws}
              account={account}
              platform={platforms[account.platform]}
              preview={previews.get(id)}
              problems={problems[id] ?? []}
              override={overrides[id]}
              postMediaIds={postMediaIds}
              media={media}
              getText={getText}
              dispatch={dispatch}
              rememberMedia={rememberMedia}
            />
          );
        })}
      </ul>
      {ordered.length > shown && (
        <Button variant="secondary" size="sm" onClick={() => setShown((n) => n + PAGE)}>
          {t("composer.perAccount.showMore", {
            count: Math.min(PAGE, ordered.length - shown),
            left: ordered.length - shown,
          })}
        </Button>
      )}
    </div>
  );
});
