/** Which accounts and platforms the figures cover: all of the workspace's, one account or one platform. */
import { useTranslation } from "react-i18next";
import { Field, Select } from "@/components/ui/Field";
import type { Account } from "../api/analytics";

export function ScopeFilters({
  accounts,
  account,
  platform,
  onAccount,
  onPlatform,
  platformName,
}: {
  accounts: Account[];
  account: string;
  platform: string;
  onAccount: (id: string) => void;
  onPlatform: (platform: string) => void;
  platformName: (platform: string) => string;
}) {
  const { t } = useTranslation();
  const platforms = [...new Set(accounts.map((a) => a.platform))].sort();
  const shown = platform ? accounts.filter((a) => a.platform === platform) : accounts;
  return (
    <div className="grid grid-cols-1 gap-3 sm:flex sm:flex-wrap sm:items-end">
      <Field label={t("analytics.filters.platform")} className="sm:w-48">
        {(props) => (
          <Select
            {...props}
            value={platform}
            onChange={(e) => {
              onPlatform(e.target.value);
              const chosen = accounts.find((a) => a.id === account);
              if (chosen && e.target.value && chosen.platform !== e.target.value) onAccount("");
            }}
          >
            <option value="">{t("analytics.filters.anyPlatform")}</option>
            {platforms.map((p) => (
              <option key={p} value={p}>
                {platformName(p)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("analytics.filters.account")} className="sm:w-64">
        {(props) => (
          <Select {...props} value={account} onChange={(e) => onAccount(e.target.value)}>
            <option value="">{t("analytics.filters.anyAccount")}</option>
            {shown.map((a) => (
              <option key={a.id} value={a.id}>
                {`@${a.handle} · ${platformName(a.platform)}`}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
}
