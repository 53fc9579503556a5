import {
  ArrowRight,
  BarChart3,
  CalendarClock,
  Check,
  ClipboardCheck,
  Globe2,
  Images,
  KeyRound,
  Languages,
  LogOut,
  PenSquare,
  ScrollText,
  ShieldCheck,
} from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { formatDateTime, zoneLabel } from "@/lib/format";
import { useSession } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { ProductPreview } from "../components/ProductPreview";

// The networks clickKloudy publishes to, named as their owners write them.
const PLATFORMS = [
  "X",
  "LinkedIn",
  "Facebook",
  "Instagram",
  "Threads",
  "TikTok",
  "YouTube",
  "Pinterest",
  "Bluesky",
  "Mastodon",
  "Telegram",
];

const FEATURES = [
  { key: "compose", icon: PenSquare },
  { key: "onTime", icon: CalendarClock },
  { key: "approvals", icon: ClipboardCheck },
  { key: "analytics", icon: BarChart3 },
  { key: "languages", icon: Languages },
  { key: "media", icon: Images },
] as const;

const STEPS = ["connect", "write", "publish"] as const;
const ZONE_POINTS = ["named", "clocks", "team"] as const;
// One instant, seen from three offices: the same second everywhere, each zone named.
const MOMENT = new Date("2026-05-12T05:00:00Z");
const CITIES = [
  { key: "dubai", zone: "Asia/Dubai" },
  { key: "london", zone: "Europe/London" },
  { key: "newYork", zone: "America/New_York" },
] as const;
const TRUST = [
  { key: "sealed", icon: KeyRound },
  { key: "cookies", icon: ShieldCheck },
  { key: "audit", icon: ScrollText },
  { key: "everywhere", icon: LogOut },
] as const;

function SectionHeading({
  id,
  eyebrow,
  title,
  lead,
}: {
  id: string;
  eyebrow?: string;
  title: string;
  lead?: string;
}) {
  return (
    <div className="mx-auto max-w-2xl text-center">
      {eyebrow && <p className="text-sm font-semibold text-accent">{eyebrow}</p>}
      <h2 id={id} className="mt-2 text-3xl font-semibold tracking-tight rtl:tracking-normal sm:text-4xl">
        {title}
      </h2>
      {lead && <p className="mt-4 text-lg text-fg-muted">{lead}</p>}
    </div>
  );
}

function Hero({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="hero-title" className="relative overflow-hidden">
      <div className="pointer-events-none absolute -top-40 start-1/2 h-96 w-[48rem] -translate-x-1/2 rounded-full bg-accent-soft blur-3xl rtl:translate-x-1/2" />
      <div className="relative mx-auto grid max-w-6xl items-center gap-12 px-4 pb-16 pt-12 sm:px-6 sm:pt-20 lg:grid-cols-[1.1fr_1fr] lg:pb-24">
        <div>
          <p className="inline-flex items-center gap-2 rounded-full border border-border bg-surface px-3 py-1 text-sm text-fg-muted">
            <span className="size-1.5 rounded-full bg-accent" />
            {t("site.home.hero.eyebrow")}
          </p>
          <h1
            id="hero-title"
            className="mt-6 text-4xl font-semibold leading-tight tracking-tight rtl:tracking-normal sm:text-5xl lg:text-6xl lg:leading-[1.08]"
          >
            {t("site.home.hero.title")}
          </h1>
          <p className="mt-6 max-w-xl text-lg leading-relaxed text-fg-muted">{t("site.home.hero.lead")}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            {signedIn ? (
              <Link to="/app" className={buttonClasses("primary", "lg")}>
                {t("site.nav.openApp")}
                <ArrowRight className="size-4 flip-rtl" aria-hidden />
              </Link>
            ) : (
              <Link to="/signup" className={buttonClasses("primary", "lg")}>
                {t("site.home.hero.primary")}
                <ArrowRight className="size-4 flip-rtl" aria-hidden />
              </Link>
            )}
            <a href="#how" className={buttonClasses("secondary", "lg")}>
              {t("site.home.hero.secondary")}
            </a>
          </div>
          <p className="mt-5 text-sm text-fg-muted">{t("site.home.hero.note")}</p>
        </div>
        <ProductPreview />
      </div>
    </section>
  );
}

function Platforms() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="platforms-title" className="border-y border-border bg-surface">
      <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        <h2 id="platforms-title" className="text-center text-sm font-medium text-fg-muted">
          {t("site.home.platforms.title")}
        </h2>
        <ul
          className="mt-4 flex flex-wrap justify-center gap-x-6 gap-y-2 text-base font-semibold text-fg/80"
          dir="ltr"
        >
          {PLATFORMS.map((name) => (
            <li key={name}>{name}</li>
          ))}
          <li className="text-accent" dir="auto">
            {t("site.home.platforms.feed")}
          </li>
        </ul>
      </div>
    </section>
  );
}

function Features() {
  const { t } = useTranslation();
  return (
    <section id="features" aria-labelledby="features-title" className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
      <SectionHeading
        id="features-title"
        eyebrow={t("site.home.features.eyebrow")}
        title={t("site.home.features.title")}
        lead={t("site.home.features.lead")}
      />
      <ul className="mt-12 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {FEATURES.map(({ key, icon: Icon }) => (
          <li key={key} className="rounded-xl border border-border bg-surface p-6 shadow-sm">
            <span className="inline-flex size-10 items-center justify-center rounded-lg bg-accent-soft text-accent">
              <Icon className="size-5" aria-hidden />
            </span>
            <h3 className="mt-4 text-lg font-semibold">{t(`site.home.features.items.${key}.title`)}</h3>
            <p className="mt-2 leading-relaxed text-fg-muted">{t(`site.home.features.items.${key}.body`)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function HowItWorks() {
  const { t } = useTranslation();
  return (
    <section id="how" aria-labelledby="how-title" className="scroll-mt-20 border-y border-border bg-surface">
      <div className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
        <SectionHeading
          id="how-title"
          eyebrow={t("site.home.how.eyebrow")}
          title={t("site.home.how.title")}
        />
        <ol className="mt-12 grid gap-8 md:grid-cols-3">
          {STEPS.map((step, index) => (
            <li key={step} className="relative">
              <span className="inline-flex size-10 items-center justify-center rounded-full bg-accent text-base font-semibold text-accent-fg">
                {index + 1}
              </span>
              <h3 className="mt-4 text-lg font-semibold">{t(`site.home.how.steps.${step}.title`)}</h3>
              <p className="mt-2 leading-relaxed text-fg-muted">{t(`site.home.how.steps.${step}.body`)}</p>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

function TimeZones() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="zones-title" className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
      <div className="grid items-center gap-12 lg:grid-cols-2">
        <div>
          <p className="text-sm font-semibold text-accent">{t("site.home.zones.eyebrow")}</p>
          <h2
            id="zones-title"
            className="mt-2 text-3xl font-semibold tracking-tight rtl:tracking-normal sm:text-4xl"
          >
            {t("site.home.zones.title")}
          </h2>
          <p className="mt-4 text-lg leading-relaxed text-fg-muted">{t("site.home.zones.body")}</p>
          <ul className="mt-6 space-y-3">
            {ZONE_POINTS.map((point) => (
              <li key={point} className="flex gap-3">
                <Check className="mt-1 size-5 shrink-0 text-success" aria-hidden />
                <span>{t(`site.home.zones.points.${point}`)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="rounded-2xl border border-border bg-surface p-6 shadow-sm">
          <div className="flex items-center gap-2 text-sm font-semibold">
            <Globe2 className="size-4 text-accent" aria-hidden />
            {t("site.home.zones.card.title")}
          </div>
          <dl className="mt-4 space-y-3 text-sm">
            {CITIES.map(({ key, zone }) => (
              <div
                key={key}
                className="flex items-center justify-between gap-4 rounded-lg bg-muted px-3 py-2.5"
              >
                <dt className="min-w-0">
                  <span className="block font-medium">{t(`site.home.zones.card.${key}`)}</span>
                  <span className="block truncate text-xs text-fg-muted" dir="ltr">
                    {zoneLabel(zone, MOMENT)}
                  </span>
                </dt>
                <dd className="font-semibold tabular-nums">
                  {formatDateTime(MOMENT, zone, { dateStyle: undefined, timeStyle: "medium" })}
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-4 rounded-lg border border-warning/30 bg-warning-soft px-3 py-2.5 text-sm text-warning">
            {t("site.home.zones.card.warning")}
          </p>
        </div>
      </div>
    </section>
  );
}

function Trust() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="trust-title" className="border-t border-border bg-surface">
      <div className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
        <SectionHeading
          id="trust-title"
          title={t("site.home.trust.title")}
          lead={t("site.home.trust.lead")}
        />
        <ul className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {TRUST.map(({ key, icon: Icon }) => (
            <li key={key}>
              <Icon
                className={key === "everywhere" ? "size-6 text-accent flip-rtl" : "size-6 text-accent"}
                aria-hidden
              />
              <h3 className="mt-3 font-semibold">{t(`site.home.trust.points.${key}.title`)}</h3>
              <p className="mt-1.5 text-sm leading-relaxed text-fg-muted">
                {t(`site.home.trust.points.${key}.body`)}
              </p>
            </li>
          ))}
        </ul>
        <p className="mt-10 text-center">
          <Link
            to="/privacy"
            className="inline-flex items-center gap-1.5 font-medium text-accent hover:underline"
          >
            {t("site.home.trust.privacy")}
            <ArrowRight className="size-4 flip-rtl" aria-hidden />
          </Link>
        </p>
      </div>
    </section>
  );
}

function CallToAction({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="cta-title" className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
      <div className="rounded-2xl bg-accent px-6 py-14 text-center text-accent-fg sm:px-12">
        <h2 id="cta-title" className="text-3xl font-semibold tracking-tight rtl:tracking-normal sm:text-4xl">
          {t("site.home.cta.title")}
        </h2>
        <p className="mx-auto mt-4 max-w-xl text-lg opacity-90">{t("site.home.cta.body")}</p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Link
            to={signedIn ? "/app" : "/signup"}
            className="inline-flex h-12 items-center justify-center gap-2 rounded-lg bg-accent-fg px-6 font-medium text-accent shadow-sm hover:opacity-90"
          >
            {signedIn ? t("site.nav.openApp") : t("site.home.cta.primary")}
          </Link>
          <Link
            to="/contact"
            className="inline-flex h-12 items-center justify-center rounded-lg border border-accent-fg/40 px-6 font-medium hover:bg-accent-fg/10"
          >
            {t("site.home.cta.secondary")}
          </Link>
        </div>
      </div>
    </section>
  );
}

/** The home page: what clickKloudy does and for whom, and the way in. */
export default function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t("site.home.title"));
  const session = useSession();
  const signedIn = session.data?.authenticated === true;
  return (
    <main id="main">
      <Hero signedIn={signedIn} />
      <Platforms />
      <Features />
      <HowItWorks />
      <TimeZones />
      <Trust />
      <CallToAction signedIn={signedIn} />
    </main>
  );
}
