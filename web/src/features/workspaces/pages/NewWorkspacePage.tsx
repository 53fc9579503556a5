import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { Field, Input, Select } from "@/components/ui/Field";
import { ApiError, api, unwrap } from "@/lib/api/client";
import { describeError } from "@/lib/errors";
import { browserZone } from "@/lib/format";
import { usePageTitle } from "@/lib/title";
import { workspaceKeys } from "@/lib/workspace";

const ZONES: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
  "timeZone",
) ?? ["UTC"];

/** A new workspace: its name, its time zone (said, never assumed) and whether posts need approval. */
export default function NewWorkspacePage() {
  const { t } = useTranslation();
  usePageTitle(t("workspaces.new.title"));
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [zone, setZone] = useState(browserZone());
  const [approval, setApproval] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/workspaces", {
          body: { name, default_timezone: zone, approval_required: approval },
        }),
      ),
    onSuccess: async (workspace) => {
      await client.invalidateQueries({ queryKey: workspaceKeys.all });
      toast.success(t("workspaces.new.created", { name: workspace.name }));
      navigate(`/app/workspaces/${workspace.id}/accounts`);
    },
  });
  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-2xl font-semibold tracking-tight">{t("workspaces.new.title")}</h1>
      <p className="mt-1 text-fg-muted">{t("workspaces.new.body")}</p>
      <form className="mt-6 space-y-5" onSubmit={submit} noValidate>
        <Field label={t("workspaces.new.name")} error={fieldErrors.name}>
          {(props) => (
            <Input
              {...props}
              dir="auto"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("workspaces.new.zone")}
          hint={t("workspaces.new.zoneHint")}
          error={fieldErrors.default_timezone}
        >
          {(props) => (
            <Select {...props} value={zone} onChange={(e) => setZone(e.target.value)}>
              {ZONES.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <label className="flex items-start gap-3 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 size-4 accent-[var(--ck-accent)]"
            checked={approval}
            onChange={(e) => setApproval(e.target.checked)}
          />
          <span>
            <span className="font-medium">{t("workspaces.new.approval")}</span>
            <span className="block text-fg-muted">{t("workspaces.new.approvalHint")}</span>
          </span>
        </label>
        {create.error && !Object.keys(fieldErrors).length && (
          <p role="alert" className="text-sm text-danger">
            {describeError(create.error, t)}
          </p>
        )}
        <Button type="submit" className="w-full" busy={create.isPending} disabled={!name.trim()}>
          {t("workspaces.new.submit")}
        </Button>
      </form>
    </Card>
  );
}
