/** Page state kept in the address (filters, views), changed a few keys at a time. */
import { useRef } from "react";
import { useSearchParams } from "react-router";

/**
 * The address's query and a way to change some of its keys (an empty value removes the key).
 * Changes build on the newest address, not the last rendered one: navigations render in a
 * transition, so two quick changes would otherwise lose the first.
 */
export function useSearchState() {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  const seen = useRef(params);
  // A render before the navigation lands still shows the old address: keep ours until it changes.
  if (seen.current !== params) {
    seen.current = params;
    latest.current = params;
  }
  const update = (change: Record<string, string>) => {
    const next = new URLSearchParams(latest.current);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    latest.current = next;
    setParams(next, { replace: true });
  };
  const clear = () => {
    latest.current = new URLSearchParams();
    setParams(latest.current, { replace: true });
  };
  return { params, update, clear };
}
