import { Clock, LifeBuoy, MailCheck, ShieldAlert } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { Field, Input, Textarea } from "@/components/ui/Field";
import { formatNumber } from "@/lib/format";
import { usePageTitle } from "@/lib/title";
import { CONTACT_LIMITS, type ContactRequest, useSendContact } from "../api/contact";
import { contactErrors } from "../utils/contactErrors";

const EMPTY: ContactRequest = { name: "", email: "", subject: "", message: "" };
const ASIDE = [
  { key: "answer", icon: Clock },
  { key: "account", icon: LifeBuoy },
  { key: "security", icon: ShieldAlert },
] as const;

function Sent({ email, onAgain }: { email: string; onAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="flex flex-col items-center px-2 py-10 text-center">
      <span className="inline-flex size-12 items-center justify-center rounded-full bg-success-soft text-success">
        <MailCheck className="size-6" aria-hidden />
      </span>
      <h2 className="mt-4 text-xl font-semibold">{t("site.contact.sent.title")}</h2>
      <p className="mt-2 max-w-sm text-fg-muted">
        <Trans
          i18nKey="site.contact.sent.body"
          values={{ email }}
          components={{
            email: (
              <strong
                className="inline-block max-w-full break-all align-bottom font-semibold text-fg"
                dir="ltr"
              />
            ),
          }}
        />
      </p>
      <Button variant="secondary" className="mt-6" onClick={onAgain}>
        {t("site.contact.sent.again")}
      </Button>
    </div>
  );
}

/** The contact form: the API's per-field answers under each field, a thank-you once it is sent. */
export default function ContactPage() {
  const { t } = useTranslation();
  usePageTitle(t("site.contact.title"));
  const [form, setForm] = useState<ContactRequest>(EMPTY);
  const send = useSendContact();
  const errors = contactErrors(send.error, t);
  const set = (field: keyof ContactRequest) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const length = [...form.message.trim()].length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(form, {
      onSuccess: () => toast.success(t("site.contact.sent.toast")),
      onError: (error) => {
        const found = contactErrors(error, t);
        toast.error(found.form ?? t("site.contact.form.checkFields"));
      },
    });
  };

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
      <div className="grid gap-10 lg:grid-cols-[1fr_1.4fr] lg:gap-16">
        <div>
          <h1 className="text-4xl font-semibold tracking-tight rtl:tracking-normal">
            {t("site.contact.title")}
          </h1>
          <p className="mt-4 text-lg leading-relaxed text-fg-muted">{t("site.contact.lead")}</p>
          <ul className="mt-8 space-y-6">
            {ASIDE.map(({ key, icon: Icon }) => (
              <li key={key} className="flex gap-4">
                <span className="inline-flex size-10 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent">
                  <Icon className="size-5" aria-hidden />
                </span>
                <div>
                  <h2 className="font-semibold">{t(`site.contact.aside.${key}.title`)}</h2>
                  <p className="mt-1 text-sm leading-relaxed text-fg-muted">
                    {t(`site.contact.aside.${key}.body`)}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </div>
        <Card className="p-5 sm:p-8">
          {send.isSuccess ? (
            <Sent
              email={send.variables.email}
              onAgain={() => {
                setForm(EMPTY);
                send.reset();
              }}
            />
          ) : (
            <form
              onSubmit={submit}
              noValidate
              className="space-y-5"
              aria-label={t("site.contact.form.label")}
            >
              {errors.form && (
                <Alert tone="danger" title={t("site.contact.form.failed")}>
                  {errors.form}
                </Alert>
              )}
              <div className="grid gap-5 sm:grid-cols-2">
                <Field label={t("site.contact.form.name")} error={errors.fields.name}>
                  {(props) => (
                    <Input
                      {...props}
                      name="name"
                      autoComplete="name"
                      dir="auto"
                      maxLength={CONTACT_LIMITS.name}
                      value={form.name}
                      onChange={set("name")}
                    />
                  )}
                </Field>
                <Field label={t("site.contact.form.email")} error={errors.fields.email}>
                  {(props) => (
                    <Input
                      {...props}
                      name="email"
                      type="email"
                      autoComplete="email"
                      inputMode="email"
                      dir="auto"
                      value={form.email}
                      onChange={set("email")}
                    />
                  )}
                </Field>
              </div>
              <Field label={t("site.contact.form.subject")} error={errors.fields.subject}>
                {(props) => (
                  <Input
                    {...props}
                    name="subject"
                    dir="auto"
                    maxLength={CONTACT_LIMITS.subject}
                    value={form.subject}
                    onChange={set("subject")}
                  />
                )}
              </Field>
              <Field
                label={t("site.contact.form.message")}
                hint={t("site.contact.form.messageHint", {
                  min: formatNumber(CONTACT_LIMITS.minMessage),
                  n: formatNumber(length),
                  max: formatNumber(CONTACT_LIMITS.maxMessage),
                })}
                error={errors.fields.message}
              >
                {(props) => (
                  <Textarea
                    {...props}
                    name="message"
                    rows={7}
                    maxLength={CONTACT_LIMITS.maxMessage}
                    value={form.message}
                    onChange={set("message")}
                  />
                )}
              </Field>
              <div className="flex flex-wrap items-center justify-between gap-4">
                <p className="text-xs text-fg-muted">{t("site.contact.form.privacy")}</p>
                <Button type="submit" busy={send.isPending}>
                  {t("site.contact.form.submit")}
                </Button>
              </div>
            </form>
          )}
        </Card>
      </div>
    </main>
  );
}
