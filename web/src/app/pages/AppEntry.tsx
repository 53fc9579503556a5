import { useEffect } from "react";
import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";
import { PageSpinner } from "@/components/ui/Spinner";
import { useSession } from "@/lib/session";
import { lastWorkspace, useWorkspaces } from "@/lib/workspace";

/** The app's pages need a session; without one, sign in and come back here. */
export function RequireSignIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageSpinner />;
  if (!session.data?.authenticated) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <Outlet />;
}

/** /app: the workspace used last, else the first, else making one. */
export function AppHome() {
  const workspaces = useWorkspaces();
  if (workspaces.isPending) return <PageSpinner />;
  const items = workspaces.data?.items ?? [];
  if (items.length === 0) return <Navigate to="/app/welcome" replace />;
  const last = lastWorkspace();
  const chosen = items.find((w) => w.id === last) ?? items[0];
  return <Navigate to={`/app/workspaces/${chosen?.id}`} replace />;
}

/** Where a platform's OAuth callback lands: the accounts page of the workspace that started it. */
export function OAuthReturn() {
  const [params] = useSearchParams();
  const workspaces = useWorkspaces();
  const ws = params.get("workspace") ?? lastWorkspace() ?? workspaces.data?.items[0]?.id;
  useEffect(() => {
    document.title = "clickKloudy";
  }, []);
  if (!ws && workspaces.isPending) return <PageSpinner />;
  if (!ws) return <Navigate to="/app/welcome" replace />;
  return <Navigate to={`/app/workspaces/${ws}/accounts?${params.toString()}`} replace />;
}
