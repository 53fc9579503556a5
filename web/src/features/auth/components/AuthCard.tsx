import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/Card";

/** One sign-in step: a heading that names it, what to do, the form, and where else to go. */
export function AuthCard({
  icon: Icon,
  title,
  description,
  children,
  footer,
}: {
  icon?: LucideIcon;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div>
      <Card className="px-5 py-6 sm:px-8 sm:py-8">
        {Icon && (
          <div className="mb-4 inline-flex size-11 items-center justify-center rounded-full bg-accent-soft text-accent">
            <Icon className="size-5" aria-hidden />
          </div>
        )}
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <div className="mt-2 text-sm text-fg-muted">{description}</div>}
        {children && <div className="mt-6">{children}</div>}
      </Card>
      {footer && <div className="mt-6 text-center text-sm text-fg-muted">{footer}</div>}
    </div>
  );
}
