/** Changing one occurrence of a series: this one, this and the following ones, or all of them. */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import type { Scope } from "../lib/state";

export function ScopeDialog({
  open,
  onOpenChange,
  onChoose,
  busy,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onChoose: (scope: Scope) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<Scope>("this");
  const id = useId();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("composer.scope.title")}
      description={t("composer.scope.body")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("common.cancel")}
          </Button>
          <Button busy={busy} onClick={() => onChoose(scope)}>
            {t("composer.scope.save")}
          </Button>
        </>
      }
    >
      <fieldset className="space-y-2">
        <legend className="sr-only">{t("composer.scope.title")}</legend>
        {(["this", "following", "all"] as const).map((value) => (
          <label
            key={value}
            className="flex items-start gap-3 rounded-lg border border-border p-3 text-sm has-[:checked]:border-accent"
          >
            <input
              type="radio"
              name={`${id}-scope`}
              className="mt-0.5 size-4 accent-[var(--ck-accent)]"
              checked={scope === value}
              onChange={() => setScope(value)}
            />
            <span>
              <span className="block font-medium">{t(`composer.scope.${value}`)}</span>
              <span className="block text-fg-muted">{t(`composer.scope.${value}Hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
