/**
 * The signed-in frame: navigation, the workspace switcher, the user menu, and a banner while the
 * address is unverified. Responsive down to 360 px: the navigation becomes a drawer.
 */
import * as RadixDialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  BarChart3,
  CalendarDays,
  Check,
  ChevronsUpDown,
  ClipboardCheck,
  FileText,
  Image,
  LayoutDashboard,
  LogOut,
  Menu as MenuIcon,
  PenSquare,
  Plus,
  Users,
  X,
} from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { toast } from "sonner";
import { Logo } from "@/components/Brand";
import { LanguageSwitch, SkipLink, ThemeSwitch } from "@/components/Preferences";
import { cn } from "@/components/ui/cn";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "@/components/ui/Menu";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { toastError } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import { isApiError } from "@/lib/errors";
import { useMe } from "@/lib/session";
import { rememberWorkspace, useWorkspace, useWorkspaceId, useWorkspaces } from "@/lib/workspace";
import { NotFoundPage } from "../pages/ErrorPages";

const NAV = [
  { to: "", key: "dashboard", icon: LayoutDashboard, end: true },
  { to: "compose", key: "compose", icon: PenSquare },
  { to: "calendar", key: "calendar", icon: CalendarDays },
  { to: "posts", key: "posts", icon: FileText },
  { to: "approvals", key: "approvals", icon: ClipboardCheck },
  { to: "accounts", key: "accounts", icon: Users },
  { to: "media", key: "media", icon: Image },
  { to: "analytics", key: "analytics", icon: BarChart3 },
] as const;

function Navigation({ ws, onNavigate }: { ws: string; onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("shell.nav.label")} className="space-y-1">
      {NAV.map(({ to, key, icon: Icon, ...rest }) => (
        <NavLink
          key={key}
          to={`/app/workspaces/${ws}${to ? `/${to}` : ""}`}
          end={"end" in rest}
          onClick={onNavigate}
          className={({ isActive }) =>
            cn(
              "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
              isActive ? "bg-accent-soft text-accent" : "text-fg-muted hover:bg-muted hover:text-fg",
            )
          }
        >
          <Icon className="size-4 shrink-0" aria-hidden />
          {t(`shell.nav.${key}`)}
        </NavLink>
      ))}
    </nav>
  );
}

function WorkspaceSwitcher({ ws }: { ws: string }) {
  const { t } = useTranslation();
  const workspaces = useWorkspaces();
  const current = workspaces.data?.items.find((w) => w.id === ws);
  const navigate = useNavigate();
  return (
    <Menu>
      <MenuTrigger
        className="flex h-10 min-w-0 max-w-full items-center gap-2 rounded-lg border border-border bg-surface px-3 text-sm hover:bg-muted"
        aria-label={t("shell.workspace.switch")}
      >
        <span className="truncate font-medium" dir="auto">
          {current?.name ?? "…"}
        </span>
        <ChevronsUpDown className="size-4 shrink-0 text-fg-muted" aria-hidden />
      </MenuTrigger>
      <MenuContent align="start">
        <MenuLabel>{t("shell.workspace.label")}</MenuLabel>
        {workspaces.data?.items.map((w) => (
          <MenuItem key={w.id} onSelect={() => navigate(`/app/workspaces/${w.id}`)}>
            <Check className={cn("size-4", w.id === ws ? "opacity-100" : "opacity-0")} aria-hidden />
            <span className="truncate" dir="auto">
              {w.name}
            </span>
            <span className="ms-auto text-xs text-fg-muted">{t(`roles.${w.role}`)}</span>
          </MenuItem>
        ))}
        <MenuSeparator />
        <MenuItem onSelect={() => navigate("/app/welcome")}>
          <Plus className="size-4" aria-hidden />
          {t("shell.workspace.new")}
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const signOut = useMutation({
    mutationFn: (everywhere: boolean) =>
      unwrap(
        everywhere
          ? api.POST("/api/v1/auth/logout-everywhere")
          : api.POST("/api/v1/auth/logout", { body: {} }),
      ),
    onSuccess: (_, everywhere) => {
      client.clear();
      toast.success(everywhere ? t("shell.user.signedOutEverywhere") : t("shell.user.signedOut"));
      window.location.assign("/signin");
    },
    onError: (error) => toastError(error, t),
  });
  const name = me.data?.name || me.data?.email || "";
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu>
      <MenuTrigger
        className="inline-flex size-9 items-center justify-center rounded-full bg-accent-soft text-sm font-semibold text-accent hover:opacity-90"
        aria-label={t("shell.user.menu")}
      >
        {initials || "?"}
      </MenuTrigger>
      <MenuContent>
        <MenuLabel>
          <span className="block normal-case tracking-normal text-fg" dir="auto">
            {me.data?.name}
          </span>
          <span className="block normal-case tracking-normal">{me.data?.email}</span>
        </MenuLabel>
        <MenuSeparator />
        <MenuItem onSelect={() => signOut.mutate(false)}>
          <LogOut className="size-4 flip-rtl" aria-hidden />
          {t("shell.user.signOut")}
        </MenuItem>
        <MenuItem onSelect={() => signOut.mutate(true)} danger>
          <LogOut className="size-4 flip-rtl" aria-hidden />
          {t("shell.user.signOutEverywhere")}
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}

function VerifyBanner() {
  const { t } = useTranslation();
  const me = useMe();
  const resend = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/verify-email/resend")),
    onSuccess: () => toast.success(t("shell.verify.sent")),
    onError: (error) => toastError(error, t),
  });
  if (!me.data || me.data.email_verified) return null;
  return (
    <div
      role="status"
      className="border-b border-warning/30 bg-warning-soft px-4 py-2.5 text-sm text-warning"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1">
        <span>{t("shell.verify.body", { email: me.data.email })}</span>
        <button
          type="button"
          className="font-semibold underline"
          onClick={() => resend.mutate()}
          disabled={resend.isPending}
        >
          {t("shell.verify.resend")}
        </button>
      </div>
    </div>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const [drawer, setDrawer] = useState(false);
  useEffect(() => {
    if (workspace.data) rememberWorkspace(ws);
  }, [ws, workspace.data]);

  let content = <Outlet />;
  if (workspace.isPending) content = <PageSpinner />;
  else if (isApiError(workspace.error, "workspace_not_found")) content = <NotFoundPage />;
  else if (workspace.error)
    content = <ErrorState error={workspace.error} onRetry={() => workspace.refetch()} />;

  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <SkipLink />
      <aside className="hidden border-e border-border bg-surface lg:flex lg:flex-col">
        <div className="flex h-16 items-center px-5">
          <Logo to="/app" />
        </div>
        <div className="flex-1 px-3 py-2">
          <Navigation ws={ws} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 border-b border-border bg-bg/90 backdrop-blur">
          <div className="flex h-16 items-center gap-2 px-3 sm:px-6">
            <RadixDialog.Root open={drawer} onOpenChange={setDrawer}>
              <RadixDialog.Trigger
                className="inline-flex size-9 items-center justify-center rounded-lg text-fg-muted hover:bg-muted lg:hidden"
                aria-label={t("shell.nav.open")}
              >
                <MenuIcon className="size-5" aria-hidden />
              </RadixDialog.Trigger>
              <RadixDialog.Portal>
                <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
                <RadixDialog.Content className="fixed inset-y-0 start-0 z-50 w-72 max-w-[85vw] border-e border-border bg-surface p-4 shadow-xl">
                  <div className="mb-4 flex items-center justify-between">
                    <RadixDialog.Title asChild>
                      <div>
                        <Logo to="/app" />
                      </div>
                    </RadixDialog.Title>
                    <RadixDialog.Description className="sr-only">
                      {t("shell.nav.label")}
                    </RadixDialog.Description>
                    <RadixDialog.Close
                      className="rounded-md p-1 text-fg-muted hover:bg-muted"
                      aria-label={t("common.close")}
                    >
                      <X className="size-5" aria-hidden />
                    </RadixDialog.Close>
                  </div>
                  <Navigation ws={ws} onNavigate={() => setDrawer(false)} />
                </RadixDialog.Content>
              </RadixDialog.Portal>
            </RadixDialog.Root>
            <div className="min-w-0 flex-1 sm:flex-none">
              <WorkspaceSwitcher ws={ws} />
            </div>
            <div className="ms-auto flex items-center gap-1">
              <Link
                to={`/app/workspaces/${ws}/compose`}
                className="hidden h-9 items-center gap-1.5 rounded-lg bg-accent px-3 text-sm font-medium text-accent-fg hover:opacity-90 sm:inline-flex"
              >
                <PenSquare className="size-4" aria-hidden />
                {t("shell.nav.compose")}
              </Link>
              <LanguageSwitch />
              <ThemeSwitch />
              <UserMenu />
            </div>
          </div>
        </header>
        <VerifyBanner />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-3 py-6 sm:px-6">
          {content}
        </main>
      </div>
    </div>
  );
}
