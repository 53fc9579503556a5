import { ArrowRight, Clock, Eye, Languages, Lock } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { usePageTitle } from "@/lib/title";

const PRINCIPLES = [
  { key: "time", icon: Clock },
  { key: "truth", icon: Eye },
  { key: "languages", icon: Languages },
  { key: "data", icon: Lock },
] as const;

/** Who makes clickKloudy, for whom, and what it holds itself to. */
export default function AboutPage() {
  const { t } = useTranslation();
  usePageTitle(t("site.about.title"));
  return (
    <main id="main">
      <section className="mx-auto max-w-3xl px-4 pb-12 pt-12 sm:px-6 sm:pt-20">
        <p className="text-sm font-semibold text-accent">{t("site.about.eyebrow")}</p>
        <h1 className="mt-2 text-4xl font-semibold leading-tight tracking-tight rtl:tracking-normal sm:text-5xl">
          {t("site.about.title")}
        </h1>
        <p className="mt-6 text-xl leading-relaxed text-fg-muted">{t("site.about.lead")}</p>
      </section>

      <section aria-labelledby="story-title" className="mx-auto max-w-3xl px-4 pb-16 sm:px-6">
        <h2 id="story-title" className="text-2xl font-semibold">
          {t("site.about.story.title")}
        </h2>
        <div className="mt-4 space-y-4 text-lg leading-relaxed text-fg-muted">
          <p>{t("site.about.story.p1")}</p>
          <p>{t("site.about.story.p2")}</p>
          <p>{t("site.about.story.p3")}</p>
        </div>
      </section>

      <section aria-labelledby="principles-title" className="border-y border-border bg-surface">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
          <h2 id="principles-title" className="text-center text-2xl font-semibold sm:text-3xl">
            {t("site.about.principles.title")}
          </h2>
          <ul className="mt-10 grid gap-8 sm:grid-cols-2">
            {PRINCIPLES.map(({ key, icon: Icon }) => (
              <li key={key} className="flex gap-4">
                <span className="inline-flex size-10 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent">
                  <Icon className="size-5" aria-hidden />
                </span>
                <div>
                  <h3 className="font-semibold">{t(`site.about.principles.items.${key}.title`)}</h3>
                  <p className="mt-1.5 leading-relaxed text-fg-muted">
                    {t(`site.about.principles.items.${key}.body`)}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="who-title" className="mx-auto max-w-3xl px-4 py-16 text-center sm:px-6">
        <h2 id="who-title" className="text-2xl font-semibold">
          {t("site.about.who.title")}
        </h2>
        <p className="mt-4 text-lg leading-relaxed text-fg-muted">{t("site.about.who.body")}</p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Link to="/signup" className={buttonClasses("primary", "lg")}>
            {t("site.about.who.primary")}
            <ArrowRight className="size-4 flip-rtl" aria-hidden />
          </Link>
          <Link to="/contact" className={buttonClasses("secondary", "lg")}>
            {t("site.about.who.secondary")}
          </Link>
        </div>
      </section>
    </main>
  );
}
