/**
 * A card's body for one query: a spinner while it loads, the error with its request id and a retry,
 * a sentence when `empty` says there is nothing to show, or the content.
 */
import type { ReactNode } from "react";
import { Spinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";

export function QueryBody<T>({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; error: unknown; data?: T; refetch: () => unknown };
  empty?: (data: T) => string | null;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <div className="flex justify-center p-8 text-fg-muted">
        <Spinner className="size-5" />
      </div>
    );
  if (query.error || query.data === undefined)
    return (
      <div className="p-4">
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      </div>
    );
  const message = empty?.(query.data);
  if (message) return <p className="px-5 py-6 text-sm text-fg-muted">{message}</p>;
  return <>{children(query.data)}</>;
}
