import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { API_BASE } from "@/lib/api/client";

function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((part) => [...part][0] ?? "")
    .join("");
  return [...letters].slice(0, 2).join("").toUpperCase() || "?";
}

/** A photo when there is one (and it loads), else the name's initials on the accent colour. */
export function Avatar({
  name,
  src,
  size = "md",
}: {
  name: string;
  src?: string | null;
  size?: "md" | "lg";
}) {
  const [failed, setFailed] = useState(false);
  const box = size === "lg" ? "size-20 text-2xl" : "size-10 text-sm";
  if (src && !failed)
    return (
      <img
        src={`${API_BASE}${src}${size === "lg" ? "&size=256" : ""}`}
        alt=""
        className={cn("shrink-0 rounded-full bg-muted object-cover", box)}
        onError={() => setFailed(true)}
      />
    );
  return (
    <span
      aria-hidden
      dir="auto"
      className={cn(
        "inline-flex shrink-0 select-none items-center justify-center rounded-full bg-accent-soft font-semibold text-accent",
        box,
      )}
    >
      {initials(name)}
    </span>
  );
}
