import { useEffect } from "react";

/** Each page names itself in the tab and for screen readers' page announcements. */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · clickKloudy` : "clickKloudy";
  }, [title]);
}
