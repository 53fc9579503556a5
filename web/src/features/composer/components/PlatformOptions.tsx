/** Options set once for every chosen account of a platform (each account can still change its own). */
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { Platform } from "../api/queries";
import type { Action, OptionValue, Override } from "../lib/state";
import { OptionFields } from "./OptionFields";

export const PlatformOptions = memo(function PlatformOptions({
  groups,
  platforms,
  overrides,
  dispatch,
}: {
  /** platform → the chosen accounts on it */
  groups: [string, string[]][];
  platforms: Record<string, Platform>;
  overrides: Record<string, Override>;
  dispatch: (action: Action) => void;
}) {
  const { t } = useTranslation();
  const withOptions = groups.filter(([platform]) => (platforms[platform]?.options?.length ?? 0) > 0);
  if (!withOptions.length) return null;
  return (
    <div className="space-y-4">
      {withOptions.map(([platform, accounts]) => {
        const spec = platforms[platform] as Platform;
        const options = spec.options ?? [];
        // The value every account shares shows here; where they differ the field starts empty.
        const values: Record<string, OptionValue> = {};
        for (const option of options) {
          const seen = accounts.map((id) => overrides[id]?.options?.[option.name]);
          const first = seen[0];
          if (first !== undefined && seen.every((v) => JSON.stringify(v) === JSON.stringify(first)))
            values[option.name] = first;
        }
        return (
          <fieldset key={platform} className="space-y-2 rounded-lg border border-border p-3">
            <legend className="px-1 text-sm font-medium">
              {t("composer.platformOptions.legend", { platform: spec.name, count: accounts.length })}
            </legend>
            <OptionFields
              options={options}
              values={values}
              onChange={(name, value) => dispatch({ type: "optionForPlatform", accounts, name, value })}
            />
          </fieldset>
        );
      })}
    </div>
  );
});
