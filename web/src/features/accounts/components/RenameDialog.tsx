import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field, Input } from "@/components/ui/Field";
import { ApiError } from "@/lib/api/client";
import { type Account, useUpdateAccount } from "../api/accounts";
import { describeAccountError } from "../utils/errors";

/** The name an account shows under in this workspace (the platform's own name is not changed). */
export function RenameDialog({
  ws,
  account,
  onClose,
}: {
  ws: string;
  account: Account;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(account.display_name);
  const update = useUpdateAccount(ws);
  const fieldError = update.error instanceof ApiError ? update.error.fieldErrors.display_name : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: account.id, display_name: name.trim() },
      {
        onSuccess: (saved) => {
          toast.success(t("accounts.toast.renamed", { name: saved.display_name }));
          onClose();
        },
        onError: (error) => toast.error(describeAccountError(error, t)),
      },
    );
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("accounts.rename.title")}
      description={t("accounts.rename.description")}
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label={t("accounts.rename.label")} error={fieldError}>
          {(props) => (
            <Input
              {...props}
              dir="auto"
              autoFocus
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            type="submit"
            busy={update.isPending}
            disabled={!name.trim() || name.trim() === account.display_name}
          >
            {t("common.save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
