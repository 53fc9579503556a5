import { CalendarClock, MailWarning, ShieldCheck, UserRound, Users } from "lucide-react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button, buttonClasses } from "@/components/ui/Button";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { toastError } from "@/components/ui/toast";
import { describeError, isApiError } from "@/lib/errors";
import { formatDateTime, zoneLabel } from "@/lib/format";
import { useMe, useSession } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { type Invitation, useAcceptInvitation, useInvitation, useSignOut } from "../api/auth";
import { AuthCard } from "../components/AuthCard";
import { ResendVerification } from "../components/ResendVerification";
import { withNext } from "../utils/next";

/** An email address inside a sentence: left to right whatever the page's direction. */
const EMAIL = (
  <bdi dir="ltr" className="inline-block max-w-full break-all align-bottom font-medium text-fg" />
);

/** A name of the person's own inside a sentence of ours keeps its own direction. */
const isolate = (text: string) => `\u2068${text}\u2069`;

function Detail({
  icon: Icon,
  label,
  children,
}: {
  icon: typeof Users;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <div className="py-3">
      <dt className="flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-fg-muted">
        <Icon className="size-4 shrink-0" aria-hidden />
        {label}
      </dt>
      <dd className="mt-1 break-words ps-6 text-sm text-fg">{children}</dd>
    </div>
  );
}

/** What the invitation is: the workspace, who sent it, the role it gives and until when. */
function InvitationDetails({ invitation, zone }: { invitation: Invitation; zone: string }) {
  const { t } = useTranslation();
  return (
    <dl className="divide-y divide-border rounded-lg border border-border px-4">
      <Detail icon={Users} label={t("auth.invitation.workspace")}>
        <span dir="auto" className="font-semibold">
          {invitation.workspace_name}
        </span>
      </Detail>
      <Detail icon={UserRound} label={t("auth.invitation.inviter")}>
        {invitation.inviter_name ? (
          <span dir="auto">{invitation.inviter_name}</span>
        ) : (
          t("auth.invitation.noInviter")
        )}
      </Detail>
      <Detail icon={ShieldCheck} label={t("auth.invitation.role")}>
        <span className="font-medium">{t(`roles.${invitation.role}`)}</span>
        <span className="block text-fg-muted">{t(`auth.invitation.roles.${invitation.role}`)}</span>
      </Detail>
      <Detail icon={CalendarClock} label={t("auth.invitation.expires")}>
        <time dateTime={invitation.expires_at}>{formatDateTime(invitation.expires_at, zone)}</time>
        <span className="block text-xs text-fg-muted">
          {zoneLabel(zone, new Date(invitation.expires_at))}
        </span>
      </Detail>
    </dl>
  );
}

/**
 * Where an invitation link lands: see it first, then sign in or up with the invited address,
 * verify it, and accept.
 */
export default function InvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.invitation.title"));
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const location = useLocation();
  const here = location.pathname + location.search;
  const navigate = useNavigate();
  const invitation = useInvitation(token);
  const session = useSession();
  const signedIn = session.data?.authenticated === true;
  const me = useMe(signedIn);
  const accept = useAcceptInvitation(token);
  const signOut = useSignOut();

  if (
    !token ||
    isApiError(invitation.error, "invitation_not_found") ||
    isApiError(invitation.error, "validation_failed")
  )
    return (
      <AuthCard
        icon={MailWarning}
        title={t("auth.invitation.gone.title")}
        description={t("auth.invitation.gone.body")}
      >
        <Link to={signedIn ? "/app" : "/signin"} className={buttonClasses("primary", "md", "w-full")}>
          {signedIn ? t("auth.invitation.openApp") : t("auth.invitation.signIn")}
        </Link>
      </AuthCard>
    );
  if (invitation.error)
    return (
      <AuthCard title={t("auth.invitation.title")}>
        <ErrorState error={invitation.error} onRetry={() => invitation.refetch()} />
      </AuthCard>
    );
  if (invitation.isPending || session.isPending || (signedIn && me.isPending)) return <PageSpinner />;

  const data = invitation.data;
  const zone = me.data?.timezone ?? "UTC";
  const invited = data.email;
  const mine = me.data?.email.trim().toLowerCase();
  const accepted = (workspaceId: string) => {
    toast.success(t("auth.invitation.accepted", { workspace: isolate(data.workspace_name) }));
    navigate(`/app/workspaces/${workspaceId}`, { replace: true });
  };

  const acceptFailure = (error: unknown) =>
    isApiError(error, "already_member")
      ? t("auth.invitation.alreadyMember")
      : isApiError(error, "invitation_expired")
        ? t("auth.invitation.expired")
        : isApiError(error, "email_not_verified")
          ? t("auth.invitation.unverified.title")
          : describeError(error, t);

  let action: React.ReactNode;
  if (!signedIn) {
    action = (
      <div className="space-y-3">
        <p className="text-sm text-fg-muted">
          <Trans
            i18nKey="auth.invitation.anonymous"
            values={{ email: invited }}
            components={{ email: EMAIL }}
          />
        </p>
        <Link
          to={withNext("/signin", here, { email: invited })}
          className={buttonClasses("primary", "md", "w-full")}
        >
          {t("auth.invitation.signInToAccept")}
        </Link>
        <Link
          to={withNext("/signup", here, { email: invited })}
          className={buttonClasses("secondary", "md", "w-full")}
        >
          {t("auth.invitation.signUpToAccept")}
        </Link>
      </div>
    );
  } else if (mine !== undefined && mine !== invited.toLowerCase()) {
    action = (
      <div className="space-y-4">
        <Alert tone="warning" title={t("auth.invitation.otherAccount.title")}>
          <Trans
            i18nKey="auth.invitation.otherAccount.body"
            values={{ mine: me.data?.email, invited }}
            components={{ email: EMAIL, email2: EMAIL }}
          />
        </Alert>
        <Button
          className="w-full"
          busy={signOut.isPending}
          onClick={() =>
            signOut.mutate(undefined, {
              onSuccess: () => {
                toast.success(t("auth.invitation.otherAccount.signedOut"));
                navigate(withNext("/signin", here, { email: invited }));
              },
              onError: (error) => toastError(error, t),
            })
          }
        >
          {t("auth.invitation.otherAccount.switch")}
        </Button>
      </div>
    );
  } else if (me.data && !me.data.email_verified) {
    action = (
      <div className="space-y-4">
        <Alert tone="warning" title={t("auth.invitation.unverified.title")}>
          <Trans
            i18nKey="auth.invitation.unverified.body"
            values={{ email: me.data.email }}
            components={{ email: EMAIL }}
          />
        </Alert>
        <div className="flex flex-wrap gap-2">
          <ResendVerification />
          <Button variant="ghost" busy={me.isFetching} onClick={() => me.refetch()}>
            {t("auth.invitation.unverified.check")}
          </Button>
        </div>
      </div>
    );
  } else {
    action = (
      <div className="space-y-3">
        {accept.error && <Alert tone="danger">{acceptFailure(accept.error)}</Alert>}
        <Button
          className="w-full"
          size="lg"
          busy={accept.isPending}
          onClick={() =>
            accept.mutate(undefined, {
              onSuccess: (workspace) => accepted(workspace.id),
              onError: (error) => toast.error(acceptFailure(error)),
            })
          }
        >
          <span className="truncate">
            <Trans
              i18nKey="auth.invitation.accept"
              values={{ workspace: data.workspace_name }}
              components={{ ws: <bdi /> }}
            />
          </span>
        </Button>
        {isApiError(accept.error, "already_member") && (
          <Link to="/app" className={buttonClasses("secondary", "md", "w-full")}>
            {t("auth.invitation.openApp")}
          </Link>
        )}
      </div>
    );
  }

  return (
    <AuthCard
      icon={Users}
      title={
        <Trans
          i18nKey="auth.invitation.heading"
          values={{ workspace: data.workspace_name }}
          components={{ ws: <bdi /> }}
        />
      }
      description={
        <Trans
          i18nKey="auth.invitation.description"
          values={{ email: invited }}
          components={{ email: EMAIL }}
        />
      }
    >
      <div className="space-y-6">
        <InvitationDetails invitation={data} zone={zone} />
        {action}
      </div>
    </AuthCard>
  );
}
