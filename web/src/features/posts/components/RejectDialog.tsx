/** Sending a post back: the comment is required, and its author sees it with the draft. */
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field, Textarea } from "@/components/ui/Field";

export function RejectDialog({
  open,
  onOpenChange,
  onReject,
  busy,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onReject: (comment: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (open) {
      setComment("");
      setMissing(false);
    }
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!comment.trim()) {
      setMissing(true);
      return;
    }
    onReject(comment.trim());
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("posts.reject.title")}
      description={t("posts.reject.body")}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label={t("posts.reject.comment")} error={missing ? t("posts.reject.required") : undefined}>
          {(props) => (
            <Textarea
              {...props}
              rows={4}
              maxLength={2000}
              required
              value={comment}
              onChange={(e) => {
                setComment(e.target.value);
                if (e.target.value.trim()) setMissing(false);
              }}
            />
          )}
        </Field>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant="danger" busy={busy}>
            {t("posts.reject.confirm")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
