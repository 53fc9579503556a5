/**
 * The period, account and platform a page shows, from the address: `period` (7, 30, 90 or custom
 * with `from` and `to`), `account` and `platform`. Days are the workspace's.
 */
import { useMemo } from "react";
import { useSearchState } from "@/lib/searchParams";
import type { Scope } from "../api/keys";
import { type PeriodChoice, periodRange, type Range, readPeriod, writePeriod } from "../utils/period";

export function useScope(zone: string, fixed: { account?: string } = {}) {
  const { params, update } = useSearchState();
  const choice = readPeriod(params);
  const choiceKey = JSON.stringify(choice);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the choice is compared by value
  const range: Range = useMemo(() => periodRange(choice, zone), [choiceKey, zone]);
  const account = fixed.account ?? params.get("account") ?? "";
  const platform = fixed.account ? "" : (params.get("platform") ?? "");
  const scope: Scope = useMemo(
    () => ({ from: range.from, to: range.to, account, platform }),
    [range.from, range.to, account, platform],
  );
  return {
    choice,
    range,
    scope,
    setPeriod: (next: PeriodChoice) => update(writePeriod(next)),
    setAccount: (id: string) => update({ account: id }),
    setPlatform: (platform: string) => update({ platform }),
  };
}
