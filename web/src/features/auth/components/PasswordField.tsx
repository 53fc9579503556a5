import { Check, Circle, Eye, EyeOff } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Input } from "@/components/ui/Field";
import { MAX_LENGTH, MIN_LENGTH, type PasswordCheck, type RuleId } from "../utils/passwordRules";

const RULES: RuleId[] = ["length", "personal", "variety"];

/** What the password must be, each rule ticked as soon as it holds. */
function PasswordRules({ id, check }: { id: string; check: PasswordCheck }) {
  const { t } = useTranslation();
  return (
    <div id={id} className="rounded-lg bg-muted px-3 py-2.5 text-sm">
      <p className="sr-only">{t("auth.password.rulesLabel")}</p>
      <ul className="space-y-1">
        {RULES.map((rule) => {
          const ok = check.rules[rule];
          const label =
            rule === "length"
              ? check.tooLong
                ? t("auth.password.rules.tooLong", { max: MAX_LENGTH })
                : t("auth.password.rules.length", { min: MIN_LENGTH, n: check.length })
              : t(`auth.password.rules.${rule}`);
          return (
            <li
              key={rule}
              data-rule={rule}
              data-ok={ok}
              className={ok ? "flex items-start gap-2 text-success" : "flex items-start gap-2 text-fg-muted"}
            >
              {ok ? (
                <Check className="mt-0.5 size-4 shrink-0" aria-hidden />
              ) : (
                <Circle className="mt-0.5 size-4 shrink-0" aria-hidden />
              )}
              <span>
                {label}
                <span className="sr-only"> ({ok ? t("auth.password.met") : t("auth.password.notMet")})</span>
              </span>
            </li>
          );
        })}
      </ul>
      <p className="mt-1.5 text-xs text-fg-muted">{t("auth.password.commonNote")}</p>
    </div>
  );
}

/** A password input with a show/hide switch; for new passwords, the rules below it as you type. */
export function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  error,
  check,
  name = "password",
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: "current-password" | "new-password";
  error?: string;
  check?: PasswordCheck;
  name?: string;
}) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const id = useId();
  const rulesId = `${id}-rules`;
  const errorId = `${id}-error`;
  const describedBy = [check ? rulesId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
      </label>
      <div className="relative">
        <Input
          id={id}
          name={name}
          type={visible ? "text" : "password"}
          autoComplete={autoComplete}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          dir="auto"
          spellCheck={false}
          autoCapitalize="none"
          className="pe-11"
        />
        <button
          type="button"
          onClick={() => setVisible((v) => !v)}
          aria-pressed={visible}
          aria-label={visible ? t("auth.password.hide") : t("auth.password.show")}
          className="absolute inset-y-0 end-0 flex w-10 items-center justify-center rounded-e-lg text-fg-muted hover:text-fg"
        >
          {visible ? <EyeOff className="size-4" aria-hidden /> : <Eye className="size-4" aria-hidden />}
        </button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {check && <PasswordRules id={rulesId} check={check} />}
    </div>
  );
}
