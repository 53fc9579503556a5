/**
 * What a person may do to a post, and only that: edit, submit, cancel, retry, duplicate, delete.
 * A series' occurrence asks how far a cancel or an edit reaches. Every action says how it went.
 */
import { Copy, MoreHorizontal, Pencil, RotateCcw, Send, Trash2, XCircle } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { ChoiceDialog } from "@/components/ui/ChoiceDialog";
import { ConfirmDialog } from "@/components/ui/Dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/components/ui/Menu";
import { toastError } from "@/components/ui/toast";
import { may, type PostAction } from "@/lib/postRules";
import { useMe } from "@/lib/session";
import { atLeast, useWorkspace } from "@/lib/workspace";
import {
  type Post,
  type Scope,
  useCancelPost,
  useDeletePost,
  useDuplicatePost,
  useRetryPost,
  useSubmitPost,
} from "../api/posts";
import { excerpt } from "../utils/excerpt";
import { useScopeChoices } from "./scopeChoices";

type Dialog = null | "cancel" | "delete" | "edit";

export function usePostPermissions(ws: string, post: Post) {
  const workspace = useWorkspace(ws);
  const me = useMe();
  const role = workspace.data?.role;
  return (action: PostAction) => may(role, me.data?.id, post, action);
}

export function PostActions({
  ws,
  post,
  variant,
  onDeleted,
}: {
  ws: string;
  post: Post;
  variant: "menu" | "bar";
  onDeleted?: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const allowed = usePostPermissions(ws, post);
  const workspace = useWorkspace(ws);
  const [dialog, setDialog] = useState<Dialog>(null);
  const cancel = useCancelPost(ws);
  const retry = useRetryPost(ws);
  const duplicate = useDuplicatePost(ws);
  const remove = useDeletePost(ws);
  const submit = useSubmitPost(ws);
  const scopes = useScopeChoices();
  const series = Boolean(post.series_id);
  const composer = (scope?: Scope) =>
    `/app/workspaces/${ws}/compose/${post.id}${scope && scope !== "this" ? `?scope=${scope}` : ""}`;
  const waitsForApproval = workspace.data?.approval_required && !allowed("approve");

  const doCancel = (scope: Scope) =>
    cancel.mutate(
      { id: post.id, scope },
      {
        onSuccess: () => {
          setDialog(null);
          toast.success(t("posts.actions.cancelled"));
        },
        onError: (error) => toastError(error, t),
      },
    );
  const doRetry = () =>
    retry.mutate(post.id, {
      onSuccess: () => toast.success(t("posts.actions.retrying")),
      onError: (error) => toastError(error, t),
    });
  const doDuplicate = () =>
    duplicate.mutate(post.id, {
      onSuccess: (copy) =>
        toast.success(t("posts.actions.duplicated"), {
          action: {
            label: t("posts.actions.editCopy"),
            onClick: () => navigate(`/app/workspaces/${ws}/compose/${copy.id}`),
          },
        }),
      onError: (error) => toastError(error, t),
    });
  const doDelete = () =>
    remove.mutate(post.id, {
      onSuccess: () => {
        setDialog(null);
        toast.success(t("posts.actions.deleted"));
        onDeleted?.();
      },
      onError: (error) => toastError(error, t),
    });
  const doSubmit = () =>
    submit.mutate(post.id, {
      onSuccess: (done) =>
        toast.success(
          done.status === "pending_approval" ? t("posts.actions.submitted") : t("posts.actions.scheduled"),
        ),
      onError: (error) => toastError(error, t),
    });
  const doEdit = () => (series ? setDialog("edit") : navigate(composer()));

  const actions = [
    allowed("edit") && { key: "edit", icon: Pencil, label: t("posts.actions.edit"), run: doEdit },
    allowed("submit") && {
      key: "submit",
      icon: Send,
      label: waitsForApproval ? t("posts.actions.submit") : t("posts.actions.schedule"),
      run: doSubmit,
      busy: submit.isPending,
    },
    allowed("retry") && {
      key: "retry",
      icon: RotateCcw,
      label: t("posts.actions.retry"),
      run: doRetry,
      busy: retry.isPending,
    },
    allowed("cancel") && {
      key: "cancel",
      icon: XCircle,
      label: t("posts.actions.cancel"),
      run: () => setDialog("cancel"),
    },
    atLeast(workspace.data?.role, "contributor") && {
      key: "duplicate",
      icon: Copy,
      label: t("posts.actions.duplicate"),
      run: doDuplicate,
      busy: duplicate.isPending,
    },
    allowed("delete") && {
      key: "delete",
      icon: Trash2,
      label: t("posts.actions.delete"),
      run: () => setDialog("delete"),
      danger: true,
    },
  ].filter(Boolean) as {
    key: string;
    icon: typeof Pencil;
    label: string;
    run: () => void;
    busy?: boolean;
    danger?: boolean;
  }[];

  const dialogs = (
    <>
      {series ? (
        <ChoiceDialog<Scope>
          open={dialog === "cancel"}
          onOpenChange={(open) => setDialog(open ? "cancel" : null)}
          title={t("posts.cancel.title")}
          description={t("posts.cancel.seriesBody")}
          choices={scopes}
          initial="this"
          confirmLabel={t("posts.cancel.confirm")}
          busy={cancel.isPending}
          danger
          onConfirm={doCancel}
        />
      ) : (
        <ConfirmDialog
          open={dialog === "cancel"}
          onOpenChange={(open) => setDialog(open ? "cancel" : null)}
          title={t("posts.cancel.title")}
          description={t("posts.cancel.body")}
          confirmLabel={t("posts.cancel.confirm")}
          busy={cancel.isPending}
          danger
          onConfirm={() => doCancel("this")}
        />
      )}
      <ChoiceDialog<Scope>
        open={dialog === "edit"}
        onOpenChange={(open) => setDialog(open ? "edit" : null)}
        title={t("posts.editScope.title")}
        description={t("posts.editScope.body")}
        choices={scopes}
        initial="this"
        confirmLabel={t("posts.editScope.confirm")}
        onConfirm={(scope) => navigate(composer(scope))}
      />
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={(open) => setDialog(open ? "delete" : null)}
        title={t("posts.delete.title")}
        description={t("posts.delete.body")}
        confirmLabel={t("posts.delete.confirm")}
        busy={remove.isPending}
        danger
        onConfirm={doDelete}
      />
    </>
  );

  if (!actions.length) return null;
  if (variant === "bar")
    return (
      <div className="flex flex-wrap gap-2">
        {actions.map(({ key, icon: Icon, label, run, busy, danger }) => (
          <Button
            key={key}
            variant={danger ? "danger" : key === "edit" ? "primary" : "secondary"}
            size="sm"
            busy={busy}
            onClick={run}
          >
            {!busy && <Icon className="size-4" aria-hidden />}
            {label}
          </Button>
        ))}
        {dialogs}
      </div>
    );
  return (
    <>
      <Menu>
        <MenuTrigger
          className="inline-flex size-9 items-center justify-center rounded-lg text-fg-muted hover:bg-muted"
          aria-label={t("posts.actions.menu", { post: excerpt(post.text) || t("posts.untitled") })}
        >
          <MoreHorizontal className="size-5" aria-hidden />
        </MenuTrigger>
        <MenuContent>
          {actions.map(({ key, icon: Icon, label, run, danger }) => (
            <MenuItem key={key} onSelect={run} danger={danger}>
              <Icon className="size-4" aria-hidden />
              {label}
            </MenuItem>
          ))}
        </MenuContent>
      </Menu>
      {dialogs}
    </>
  );
}
