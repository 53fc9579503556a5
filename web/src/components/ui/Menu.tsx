import * as Dropdown from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import { cn } from "./cn";

export const Menu = Dropdown.Root;
export const MenuTrigger = Dropdown.Trigger;

export function MenuContent({ children, align = "end" }: { children: ReactNode; align?: "start" | "end" }) {
  return (
    <Dropdown.Portal>
      <Dropdown.Content
        align={align}
        sideOffset={6}
        className="z-50 min-w-52 rounded-lg border border-border bg-surface p-1 text-sm shadow-lg"
      >
        {children}
      </Dropdown.Content>
    </Dropdown.Portal>
  );
}

export function MenuItem({
  children,
  onSelect,
  className,
  danger,
}: {
  children: ReactNode;
  onSelect?: () => void;
  className?: string;
  danger?: boolean;
}) {
  return (
    <Dropdown.Item
      onSelect={onSelect}
      className={cn(
        "flex cursor-pointer select-none items-center gap-2 rounded-md px-2.5 py-2 outline-none data-[highlighted]:bg-muted",
        danger && "text-danger",
        className,
      )}
    >
      {children}
    </Dropdown.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return (
    <Dropdown.Label className="px-2.5 py-1.5 text-xs font-medium uppercase tracking-wide text-fg-muted">
      {children}
    </Dropdown.Label>
  );
}

export const MenuSeparator = () => <Dropdown.Separator className="my-1 h-px bg-border" />;

export function MenuRadioGroup({
  value,
  onValueChange,
  children,
}: {
  value: string;
  onValueChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Dropdown.RadioGroup value={value} onValueChange={onValueChange}>
      {children}
    </Dropdown.RadioGroup>
  );
}

export function MenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <Dropdown.RadioItem
      value={value}
      className="flex cursor-pointer select-none items-center gap-2 rounded-md px-2.5 py-2 outline-none data-[highlighted]:bg-muted data-[state=checked]:font-semibold"
    >
      <span
        className="inline-block size-2 rounded-full border border-fg-muted data-[state=checked]:bg-accent"
        aria-hidden
      >
        <Dropdown.ItemIndicator className="block size-2 rounded-full bg-accent" />
      </span>
      {children}
    </Dropdown.RadioItem>
  );
}
