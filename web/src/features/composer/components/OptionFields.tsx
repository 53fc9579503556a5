/** A platform's post options (from the catalog's definitions): text, link, choice, on/off, tags. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, Input, Select } from "@/components/ui/Field";
import type { PlatformOption } from "../api/queries";
import type { OptionValue } from "../lib/state";

/** The option's own words when the UI knows them (both languages), else the catalog's English label. */
function useOptionText() {
  const { t } = useTranslation();
  return {
    label: (o: PlatformOption) => t(`composer.options.${o.name}`, { defaultValue: o.label }),
    choice: (value: string) => t(`composer.options.choices.${value}`, { defaultValue: value }),
    help: (o: PlatformOption) =>
      o.help ? t(`composer.options.help.${o.name}`, { defaultValue: o.help }) : undefined,
  };
}

export function OptionFields({
  options,
  values,
  onChange,
}: {
  options: PlatformOption[];
  values: Record<string, OptionValue>;
  onChange: (name: string, value: OptionValue | null) => void;
}) {
  const { t } = useTranslation();
  const text = useOptionText();
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {options.map((o) => {
        const value = values[o.name];
        if (o.kind === "boolean")
          return (
            <label key={o.name} className="flex items-center gap-2 self-end text-sm">
              <input
                type="checkbox"
                className="size-4 accent-[var(--ck-accent)]"
                checked={value === true}
                onChange={(e) => onChange(o.name, e.target.checked ? true : null)}
              />
              {text.label(o)}
            </label>
          );
        return (
          <Field key={o.name} label={text.label(o)} hint={text.help(o)}>
            {(props) =>
              o.kind === "choice" ? (
                <Select
                  {...props}
                  value={typeof value === "string" ? value : ""}
                  required={o.required}
                  onChange={(e) => onChange(o.name, e.target.value || null)}
                >
                  <option value="">
                    {o.required
                      ? t("composer.options.choose")
                      : t("composer.options.default", {
                          value:
                            typeof o.default === "string"
                              ? text.choice(o.default)
                              : t("composer.options.platformDefault"),
                        })}
                  </option>
                  {o.choices.map((c) => (
                    <option key={c} value={c}>
                      {text.choice(c)}
                    </option>
                  ))}
                </Select>
              ) : o.kind === "tags" ? (
                <TagsInput
                  {...props}
                  maxLength={o.max_length ?? undefined}
                  value={Array.isArray(value) ? value : []}
                  onChange={(tags) => onChange(o.name, tags)}
                />
              ) : (
                <Input
                  {...props}
                  type={o.kind === "url" ? "url" : "text"}
                  dir={o.kind === "url" ? "ltr" : "auto"}
                  maxLength={o.max_length ?? undefined}
                  value={typeof value === "string" ? value : ""}
                  onChange={(e) => onChange(o.name, e.target.value || null)}
                />
              )
            }
          </Field>
        );
      })}
    </div>
  );
}

/** Tags typed as "one, two": the text stays as typed, the list goes to the post. */
function TagsInput({
  value,
  onChange,
  ...props
}: {
  id: string;
  value: string[];
  maxLength?: number;
  onChange: (tags: string[]) => void;
  "aria-describedby"?: string;
}) {
  const [raw, setRaw] = useState(value.join(", "));
  return (
    <Input
      {...props}
      dir="auto"
      value={raw}
      onChange={(e) => {
        setRaw(e.target.value);
        onChange(
          e.target.value
            .split(",")
            .map((tag) => tag.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
