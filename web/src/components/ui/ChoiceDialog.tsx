import { type ReactNode, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./Button";
import { cn } from "./cn";
import { Dialog } from "./Dialog";

export type Choice<T extends string> = { value: T; label: ReactNode; hint?: ReactNode };

/** A question with a few answers (radio buttons), confirmed or dismissed: "which occurrences?". */
export function ChoiceDialog<T extends string>({
  open,
  onOpenChange,
  title,
  description,
  choices,
  initial,
  confirmLabel,
  onConfirm,
  busy = false,
  danger = false,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  choices: Choice<T>[];
  initial: T;
  confirmLabel: ReactNode;
  onConfirm: (value: T) => void;
  busy?: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  const name = useId();
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (open) setValue(initial);
  }, [open, initial]);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("common.cancel")}
          </Button>
          <Button variant={danger ? "danger" : "primary"} busy={busy} onClick={() => onConfirm(value)}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <fieldset className="space-y-2">
        <legend className="sr-only">{title}</legend>
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-lg border px-3 py-2.5 text-sm",
              value === choice.value ? "border-accent bg-accent-soft" : "border-border hover:bg-muted",
            )}
          >
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => setValue(choice.value)}
              className="mt-1 size-4 accent-[var(--ck-accent)]"
            />
            <span>
              <span className="block font-medium">{choice.label}</span>
              {choice.hint && <span className="block text-fg-muted">{choice.hint}</span>}
            </span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
