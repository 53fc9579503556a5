/**
 * A file from the API (a CSV, a PDF report) as a plain link: the browser downloads it with the
 * session cookie. The access cookie lives minutes, so on a page left open one cheap call through the
 * API client (which refreshes the session when it has to) goes first; then the link is followed.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useRef } from "react";
import { api } from "@/lib/api/client";

export function DownloadLink({
  href,
  children,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const fresh = useRef(false);
  const onClick = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (fresh.current) {
      fresh.current = false; // the follow-up click: the browser downloads
      return;
    }
    event.preventDefault();
    const anchor = event.currentTarget;
    await api.GET("/api/v1/me").catch(() => undefined);
    fresh.current = true;
    anchor.click();
  };
  return (
    <a {...rest} href={href} download onClick={onClick}>
      {children}
    </a>
  );
}
