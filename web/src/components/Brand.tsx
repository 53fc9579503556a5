import { Link } from "react-router";

export function Logo({ to = "/" }: { to?: string }) {
  return (
    <Link
      to={to}
      className="flex items-center gap-2 font-semibold tracking-tight text-fg"
      aria-label="clickKloudy"
    >
      <img src="/favicon.svg" alt="" className="size-7" width={28} height={28} />
      <span className="text-lg" dir="ltr">
        click<span className="text-accent">Kloudy</span>
      </span>
    </Link>
  );
}
