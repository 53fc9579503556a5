/**
 * Every page's address. Features are loaded on demand (one chunk each), so the first page carries
 * only the frame and itself.
 */
import { createBrowserRouter, type LoaderFunctionArgs, type RouteObject } from "react-router";
import { AppHome, OAuthReturn, RequireSignIn } from "./pages/AppEntry";
import { ErrorPage, NotFoundPage } from "./pages/ErrorPages";

// Layouts load on demand too: the home page never carries the signed-in frame.
const layout = (load: () => Promise<Record<string, React.ComponentType>>, name: string) => async () => ({
  Component: (await load())[name],
});
const PUBLIC = layout(() => import("./layouts/PublicLayout"), "PublicLayout");
const AUTH = layout(() => import("./layouts/AuthLayout"), "AuthLayout");
const APP = layout(() => import("./layouts/AppLayout"), "AppLayout");

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

function profileOnly({ params }: LoaderFunctionArgs) {
  if (!params.profile?.startsWith("@")) throw new Response("Not Found", { status: 404 });
  return null;
}

const routes: RouteObject[] = [
  {
    errorElement: <ErrorPage />,
    children: [
      {
        lazy: PUBLIC,
        children: [
          { index: true, lazy: page(() => import("@/features/site/pages/HomePage")) },
          { path: "about", lazy: page(() => import("@/features/site/pages/AboutPage")) },
          { path: "contact", lazy: page(() => import("@/features/site/pages/ContactPage")) },
          { path: "terms", lazy: page(() => import("@/features/site/pages/TermsPage")) },
          { path: "privacy", lazy: page(() => import("@/features/site/pages/PrivacyPage")) },
          // /@handle and /@handle/posts/:postId; any other single segment is a page that does not exist.
          {
            path: ":profile",
            loader: profileOnly,
            errorElement: <ErrorPage />,
            lazy: page(() => import("@/features/feed/pages/ProfilePage")),
          },
          {
            path: ":profile/posts/:postId",
            loader: profileOnly,
            errorElement: <ErrorPage />,
            lazy: page(() => import("@/features/feed/pages/FeedPostPage")),
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      {
        lazy: AUTH,
        children: [
          { path: "signin", lazy: page(() => import("@/features/auth/pages/SignInPage")) },
          { path: "signup", lazy: page(() => import("@/features/auth/pages/SignUpPage")) },
          { path: "verify-email", lazy: page(() => import("@/features/auth/pages/VerifyEmailPage")) },
          { path: "forgot-password", lazy: page(() => import("@/features/auth/pages/ForgotPasswordPage")) },
          { path: "reset-password", lazy: page(() => import("@/features/auth/pages/ResetPasswordPage")) },
          { path: "invitations/accept", lazy: page(() => import("@/features/auth/pages/InvitationPage")) },
        ],
      },
      {
        path: "app",
        element: <RequireSignIn />,
        children: [
          { index: true, element: <AppHome /> },
          { path: "accounts", element: <OAuthReturn /> },
          {
            lazy: AUTH,
            children: [
              { path: "welcome", lazy: page(() => import("@/features/workspaces/pages/NewWorkspacePage")) },
            ],
          },
          {
            path: "workspaces/:ws",
            lazy: APP,
            children: [
              { index: true, lazy: page(() => import("@/features/dashboard/pages/DashboardPage")) },
              { path: "compose", lazy: page(() => import("@/features/composer/pages/ComposerPage")) },
              { path: "compose/:postId", lazy: page(() => import("@/features/composer/pages/ComposerPage")) },
              { path: "calendar", lazy: page(() => import("@/features/calendar/pages/CalendarPage")) },
              { path: "posts", lazy: page(() => import("@/features/posts/pages/PostsPage")) },
              { path: "posts/:postId", lazy: page(() => import("@/features/posts/pages/PostPage")) },
              { path: "approvals", lazy: page(() => import("@/features/posts/pages/ApprovalsPage")) },
              { path: "accounts", lazy: page(() => import("@/features/accounts/pages/AccountsPage")) },
              { path: "media", lazy: page(() => import("@/features/media/pages/MediaPage")) },
              { path: "analytics", lazy: page(() => import("@/features/analytics/pages/AnalyticsPage")) },
              {
                path: "analytics/accounts/:accountId",
                lazy: page(() => import("@/features/analytics/pages/AccountAnalyticsPage")),
              },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
