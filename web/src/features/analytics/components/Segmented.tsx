/** Two or three choices side by side (day/week, top/bottom), as pressed buttons in a group. */
export function Segmented<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="inline-flex rounded-lg border border-border bg-muted p-0.5">
      <legend className="sr-only">{label}</legend>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
          className={
            value === option.value
              ? "inline-flex h-7 items-center rounded-md bg-surface px-2.5 text-xs font-medium text-fg shadow-sm"
              : "inline-flex h-7 items-center rounded-md px-2.5 text-xs font-medium text-fg-muted hover:text-fg"
          }
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}
