/**
 * The composer: one text for many accounts, each account's own text, media and options, the
 * server's per-platform counts and problems (debounced preview: the client never counts on its own),
 * previews per network, and when it goes out. State is one reducer; what is sent is `lib/state`.
 */
import { Lock } from "lucide-react";
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Textarea } from "@/components/ui/Field";
import { toastError } from "@/components/ui/toast";
import { ApiError } from "@/lib/api/client";
import { formatDateTime } from "@/lib/format";
import { useSavePost } from "../api/mutations";
import { type Account, type Media, type Platform, usePreview } from "../api/queries";
import { useDebouncedValue } from "../hooks/useDebouncedValue";
import { useMediaMap } from "../hooks/useMediaMap";
import { ambiguityOf, type Problem, targetProblemsOf } from "../lib/problems";
import {
  type ComposerState,
  type PostOut,
  reducer,
  ruleOf,
  type Scope,
  toPatch,
  toPostIn,
  type Zones,
  zoneOf,
} from "../lib/state";
import { AccountCustomizer } from "./AccountCustomizer";
import { AccountPicker } from "./AccountPicker";
import { type Count, Counters } from "./Counters";
import { MediaStrip } from "./MediaStrip";
import { PlatformOptions } from "./PlatformOptions";
import { PreviewPanel } from "./PreviewPanel";
import { ScheduleSection } from "./ScheduleSection";
import { ScopeDialog } from "./ScopeDialog";

const LOCKED = new Set(["publishing", "published", "partially_published", "failed", "cancelled"]);

export function Composer({
  ws,
  initial,
  zones,
  accounts,
  platforms,
  needsApproval,
  original,
}: {
  ws: string;
  initial: ComposerState;
  zones: Zones;
  accounts: Account[];
  platforms: Platform[];
  needsApproval: boolean;
  original?: PostOut;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(reducer, initial);
  const [scopeOpen, setScopeOpen] = useState(false);
  const save = useSavePost(ws);
  const textRef = useRef(state.text);
  textRef.current = state.text;
  const getText = useCallback(() => textRef.current, []);

  const platformById = useMemo(() => Object.fromEntries(platforms.map((p) => [p.platform, p])), [platforms]);
  const platformNames = useMemo(
    () => Object.fromEntries(platforms.map((p) => [p.platform, p.name])),
    [platforms],
  );
  const accountsById = useMemo(() => new Map(accounts.map((a) => [a.id, a])), [accounts]);
  const selectedSet = useMemo(() => new Set(state.selected), [state.selected]);
  const zone = zoneOf(state, zones);
  const rule = ruleOf(state, zones);

  // The server's view of the post, asked once typing pauses; the last answer stays meanwhile.
  const body = useMemo(() => (state.selected.length ? toPostIn(state, zones) : null), [state, zones]);
  const asked = useDebouncedValue(body, 400);
  const preview = usePreview(ws, asked);
  const schedule = useMemo(
    () => ({
      mode: state.mode,
      local: state.local,
      zone: state.zone,
      ambiguous: state.ambiguous,
      repeat: state.repeat,
      customRule: state.customRule,
    }),
    [state.mode, state.local, state.zone, state.ambiguous, state.repeat, state.customRule],
  );
  const stale = body !== asked || preview.isFetching;
  const previews = useMemo(
    () => new Map((preview.data?.targets ?? []).map((target) => [target.account_id, target])),
    [preview.data],
  );

  // A refused save's problems show until the form changes (then the preview says them again).
  // (Only when there is one: resetting an idle mutation would render the composer again on every key.)
  const { reset, isError } = save;
  // biome-ignore lint/correctness/useExhaustiveDependencies: any change to the form clears the last refusal
  useEffect(() => {
    if (isError) reset();
  }, [state]);
  const saveError = save.error instanceof ApiError ? save.error : null;
  const problems = useMemo(() => {
    const found: Record<string, Problem[]> = {};
    for (const target of preview.data?.targets ?? [])
      if (target.problems.length && selectedSet.has(target.account_id))
        found[target.account_id] = target.problems;
    for (const [id, list] of Object.entries(targetProblemsOf(saveError?.details)))
      found[id] = [...(found[id] ?? []), ...list.filter((p) => !found[id]?.some((q) => q.code === p.code))];
    return found;
  }, [preview.data, saveError, selectedSet]);
  const flagged = useMemo(() => new Set(Object.keys(problems)), [problems]);
  const postProblems = useMemo(() => {
    const list: Problem[] = [...(preview.data?.problems ?? [])];
    if (saveError && saveError.code !== "invalid_targets" && !list.some((p) => p.code === saveError.code))
      list.push({ code: saveError.code, message: saveError.message, details: saveError.details });
    return list.filter((p) => state.mode === "schedule" || !/time|schedule|recurrence/.test(p.code));
  }, [preview.data, saveError, state.mode]);
  const ambiguity = useMemo(() => {
    const found = postProblems.find((p) => p.code === "ambiguous_local_time");
    return found ? ambiguityOf(found.details) : null;
  }, [postProblems]);

  const groups = useMemo(() => {
    const by = new Map<string, string[]>();
    for (const id of state.selected) {
      const account = accountsById.get(id);
      if (!account) continue;
      by.set(account.platform, [...(by.get(account.platform) ?? []), id]);
    }
    const order = platforms.map((p) => p.platform);
    return [...by.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  }, [state.selected, accountsById, platforms]);
  const counts = useMemo<Count[]>(() => {
    const out: Count[] = [];
    for (const [platform, ids] of groups) {
      const shared = ids.find((id) => state.overrides[id]?.text === undefined && previews.has(id));
      const target = shared ? previews.get(shared) : undefined;
      if (target)
        out.push({
          platform,
          name: platformNames[platform] ?? platform,
          length: target.length,
          max: target.max_length,
          accounts: ids.length,
        });
    }
    return out;
  }, [groups, previews, state.overrides, platformNames]);

  const { map: media, remember } = useMediaMap(
    ws,
    useMemo(
      () => [
        ...new Set([...state.mediaIds, ...Object.values(state.overrides).flatMap((o) => o.mediaIds ?? [])]),
      ],
      [state.mediaIds, state.overrides],
    ),
  );
  const addMedia = useCallback(
    (items: Media[]) => {
      remember(items);
      dispatch({ type: "addMedia", ids: items.map((m) => m.id) });
    },
    [remember],
  );

  const deferredText = useDeferredValue(state.text);
  const resolved = preview.data?.scheduled_at ?? null;
  const when = useMemo(
    () =>
      state.mode === "now"
        ? t("composer.preview.now")
        : resolved
          ? formatDateTime(resolved, zone)
          : t("composer.preview.notScheduled"),
    [state.mode, resolved, zone, t],
  );

  const editing = original !== undefined;
  const isDraft = !editing || original.status === "draft";
  const locked = editing && LOCKED.has(original.status);
  const canSend = state.selected.length > 0 && !locked;

  function done(post: PostOut) {
    const key =
      post.status === "draft"
        ? "saved"
        : post.status === "pending_approval"
          ? "submitted"
          : state.mode === "now"
            ? "publishing"
            : "scheduled";
    toast.success(
      t(`composer.done.${key}`, {
        time: post.scheduled_at ? formatDateTime(post.scheduled_at, post.timezone) : "",
      }),
    );
    if (post.status === "draft") {
      if (!editing) navigate(`/app/workspaces/${ws}/compose/${post.id}`, { replace: true });
    } else navigate(`/app/workspaces/${ws}/posts/${post.id}`);
  }
  const handlers = { onSuccess: done, onError: (error: unknown) => toastError(error, t) };

  function send(scope: Scope = "this") {
    if (!editing) return save.mutate({ kind: "create", body: toPostIn(state, zones) }, handlers);
    const patch = toPatch(state, zones, scope, original);
    if (isDraft)
      return save.mutate(
        {
          kind: "update",
          postId: original.id,
          patch,
          scope,
          submit: state.mode === "now" ? { publish_now: true } : {},
        },
        handlers,
      );
    if (original.series_id && scope === "this" && !scopeOpen) return setScopeOpen(true);
    save.mutate(
      { kind: "update", postId: original.id, patch, scope },
      { ...handlers, onSettled: () => setScopeOpen(false) },
    );
  }
  function saveDraft() {
    if (!editing) return save.mutate({ kind: "create", body: toPostIn(state, zones, true) }, handlers);
    save.mutate(
      { kind: "update", postId: original.id, patch: toPatch(state, zones, "this", original), scope: "this" },
      handlers,
    );
  }

  const primary =
    editing && !isDraft
      ? t("composer.actions.saveChanges")
      : needsApproval
        ? t("composer.actions.submitForApproval")
        : state.mode === "now"
          ? t("composer.actions.publishNow")
          : t("composer.actions.schedule");

  return (
    <form
      className="group/composer grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] xl:grid-cols-[minmax(0,1fr)_24rem]"
      data-stale={stale || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      noValidate
    >
      <div className="min-w-0 space-y-6">
        {locked && (
          <p
            role="status"
            className="flex items-center gap-2 rounded-lg border border-warning/30 bg-warning-soft px-4 py-3 text-sm text-warning"
          >
            <Lock className="size-4 shrink-0" aria-hidden />
            {t("composer.locked")}
          </p>
        )}
        <Card>
          <CardHeader title={t("composer.accounts.title")} description={t("composer.accounts.body")} />
          <div className="p-5">
            {accounts.length ? (
              <AccountPicker
                accounts={accounts}
                selected={selectedSet}
                platformNames={platformNames}
                problems={flagged}
                dispatch={dispatch}
              />
            ) : (
              <p className="text-sm text-fg-muted">{t("composer.accounts.noneConnected")}</p>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader title={t("composer.content.title")} />
          <div className="space-y-4 p-5">
            <div className="space-y-2">
              <label htmlFor="composer-text" className="block text-sm font-medium">
                {t("composer.content.text")}
              </label>
              <Textarea
                id="composer-text"
                rows={7}
                value={state.text}
                placeholder={t("composer.content.placeholder")}
                onChange={(e) => dispatch({ type: "text", text: e.target.value })}
                aria-describedby="composer-counters"
              />
              <div id="composer-counters">
                {state.selected.length ? (
                  <Counters counts={counts} />
                ) : (
                  <p className="text-xs text-fg-muted">{t("composer.counters.chooseAccounts")}</p>
                )}
              </div>
            </div>
            <MediaStrip
              ws={ws}
              ids={state.mediaIds}
              media={media}
              label={t("composer.media.label")}
              onAdd={addMedia}
              onRemove={(id) => dispatch({ type: "removeMedia", id })}
              onMove={(id, by) => dispatch({ type: "moveMedia", id, by })}
            />
          </div>
        </Card>
        <Card>
          <CardHeader title={t("composer.perAccount.title")} description={t("composer.perAccount.body")} />
          <div className="space-y-4 p-5">
            <PlatformOptions
              groups={groups}
              platforms={platformById}
              overrides={state.overrides}
              dispatch={dispatch}
            />
            <AccountCustomizer
              ws={ws}
              selected={state.selected}
              accountsById={accountsById}
              platforms={platformById}
              previews={previews}
              problems={problems}
              overrides={state.overrides}
              postMediaIds={state.mediaIds}
              media={media}
              getText={getText}
              dispatch={dispatch}
              rememberMedia={remember}
            />
          </div>
        </Card>
        <Card>
          <CardHeader title={t("composer.schedule.title")} />
          <div className="p-5">
            <ScheduleSection
              state={schedule}
              zones={zones}
              zone={zone}
              allowNow={isDraft}
              resolved={state.mode === "schedule" ? resolved : null}
              occurrences={preview.data?.occurrences ?? []}
              problems={postProblems}
              ambiguity={ambiguity}
              rule={rule}
              dispatch={dispatch}
            />
          </div>
        </Card>
        <div className="flex flex-wrap items-center justify-end gap-2">
          {needsApproval && isDraft && (
            <p className="me-auto text-sm text-fg-muted">{t("composer.actions.approvalHint")}</p>
          )}
          {isDraft && (
            <Button
              variant="secondary"
              onClick={saveDraft}
              disabled={!state.selected.length || locked}
              busy={save.isPending && save.variables?.kind === "create" && save.variables.body.draft === true}
            >
              {t("composer.actions.saveDraft")}
            </Button>
          )}
          <Button type="submit" disabled={!canSend} busy={save.isPending && !scopeOpen}>
            {primary}
          </Button>
        </div>
      </div>
      <aside className="min-w-0">
        <Card className="lg:sticky lg:top-20">
          <CardHeader title={t("composer.preview.title")} />
          <div className="p-4">
            <PreviewPanel
              groups={groups}
              accountsById={accountsById}
              platforms={platformById}
              overrides={state.overrides}
              text={deferredText}
              mediaIds={state.mediaIds}
              media={media}
              when={when}
            />
          </div>
        </Card>
      </aside>
      {editing && (
        <ScopeDialog
          open={scopeOpen}
          onOpenChange={setScopeOpen}
          busy={save.isPending}
          onChoose={(scope) => send(scope)}
        />
      )}
    </form>
  );
}
