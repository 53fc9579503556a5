/**
 * What a person types to connect (or reconnect) one platform, generated from the catalog's
 * `fields`: the sandbox's handle, a credential platform's keys, an OAuth platform's server (Mastodon)
 * or nothing at all before its sign-in page.
 */
import type { TFunction } from "i18next";
import { ExternalLink } from "lucide-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Field";
import { ApiError } from "@/lib/api/client";
import {
  type Account,
  type ConnectResult,
  type Platform,
  useConnect,
  useConnectSandbox,
  useReconnect,
} from "../api/accounts";
import { describeAccountError } from "../utils/errors";

/** Where the browser goes for an OAuth sign-in; a seam for tests. */
export const browser = { go: (url: string) => window.location.assign(url) };

function fieldErrorsOf(error: unknown, t: TFunction): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fieldErrors)) out[key.replace(/^fields\./, "")] = message;
  const missing = (error.details as { missing?: unknown } | null)?.missing;
  if (error.code === "missing_fields" && Array.isArray(missing))
    for (const name of missing) out[String(name)] = t("accounts.form.required");
  if (error.code === "invalid_handle") out.handle = describeAccountError(error, t);
  return out;
}

export function PlatformForm({
  ws,
  platform,
  account,
  onDone,
  onBack,
}: {
  ws: string;
  platform: Platform;
  /** Reconnecting this account instead of connecting a new one. */
  account?: Account;
  onDone: () => void;
  onBack?: () => void;
}) {
  const { t } = useTranslation();
  const sandbox = platform.platform === "sandbox";
  const fields = sandbox
    ? [{ name: "handle", label: t("accounts.form.sandboxHandle"), secret: false, required: true }]
    : platform.fields;
  const [values, setValues] = useState<Record<string, string>>(
    sandbox && account ? { handle: account.handle } : {},
  );
  const connect = useConnect(ws);
  const reconnect = useReconnect(ws);
  const connectSandbox = useConnectSandbox(ws);
  const pending = connect.isPending || reconnect.isPending || connectSandbox.isPending;
  const error = connect.error ?? reconnect.error ?? connectSandbox.error;
  const perField = fieldErrorsOf(error, t);
  const general =
    error && !Object.keys(perField).length ? describeAccountError(error, t, platform.name) : null;

  const finished = (result: ConnectResult) => {
    if (result.authorize_url) {
      browser.go(result.authorize_url);
      return;
    }
    const found = result.accounts ?? [];
    const [first] = found;
    toast.success(
      account
        ? t("accounts.toast.reconnected", { name: account.display_name })
        : t("accounts.toast.connected", {
            count: found.length,
            platform: platform.name,
            name: first?.display_name ?? "",
          }),
    );
    onDone();
  };

  const failed = (problem: unknown) => toast.error(describeAccountError(problem, t, platform.name));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
    if (sandbox) {
      connectSandbox.mutate(trimmed.handle ?? "", {
        onSuccess: (connected) => {
          toast.success(
            account
              ? t("accounts.toast.reconnected", { name: connected.display_name })
              : t("accounts.toast.connectedSandbox", { handle: connected.handle }),
          );
          onDone();
        },
        onError: failed,
      });
    } else if (account) {
      reconnect.mutate({ id: account.id, fields: trimmed }, { onSuccess: finished, onError: failed });
    } else {
      connect.mutate(
        { platform: platform.platform, fields: trimmed },
        { onSuccess: finished, onError: failed },
      );
    }
  };

  const oauth = platform.auth === "oauth2";
  return (
    <form className="space-y-4" onSubmit={submit} noValidate aria-label={platform.name}>
      {oauth && (
        <p className="text-sm text-fg-muted">
          {account
            ? t("accounts.form.oauthReconnect", { platform: platform.name })
            : t("accounts.form.oauthIntro", { platform: platform.name })}
        </p>
      )}
      {sandbox && <p className="text-sm text-fg-muted">{t("accounts.form.sandboxIntro")}</p>}
      {fields.map((field, index) => (
        <Field
          key={field.name}
          label={
            <>
              {t(`accounts.fields.${platform.platform}.${field.name}`, { defaultValue: field.label })}
              {!field.required && (
                <span className="ms-1 font-normal text-fg-muted">{t("accounts.form.optional")}</span>
              )}
            </>
          }
          hint={
            t(`accounts.fields.${platform.platform}.${field.name}Hint`, { defaultValue: "" }) || undefined
          }
          error={perField[field.name]}
        >
          {(props) => (
            <Input
              {...props}
              name={field.name}
              dir="auto"
              type={field.secret ? "password" : "text"}
              autoComplete={field.secret ? "new-password" : "off"}
              spellCheck={false}
              required={field.required}
              // The first field takes the focus when the form opens in a dialog.
              autoFocus={index === 0}
              value={values[field.name] ?? ""}
              onChange={(e) => setValues((old) => ({ ...old, [field.name]: e.target.value }))}
            />
          )}
        </Field>
      ))}
      {general && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {general}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2 pt-2">
        {onBack && (
          <Button variant="secondary" onClick={onBack}>
            {t("common.back")}
          </Button>
        )}
        <Button type="submit" busy={pending}>
          {oauth ? (
            <>
              {t("accounts.form.continueTo", { platform: platform.name })}
              <ExternalLink className="size-4 flip-rtl" aria-hidden />
            </>
          ) : account ? (
            t("accounts.actions.reconnect")
          ) : (
            t("accounts.form.connect")
          )}
        </Button>
      </div>
    </form>
  );
}
