import { useTranslation } from "react-i18next";
import { formatDate } from "@/lib/format";
import { usePageTitle } from "@/lib/title";

type Section = { title: string } & Record<string, string>;

/**
 * Terms and Privacy: sections from the page's messages (a title, then paragraphs p1, p2…), with a
 * table of contents. The text lives in the locale files, so both languages say the same things.
 */
export function LegalPage({ area, updated }: { area: "terms" | "privacy"; updated: string }) {
  const { t } = useTranslation();
  const title = t(`site.${area}.title`);
  usePageTitle(title);
  const sections = t(`site.${area}.sections`, { returnObjects: true }) as unknown as Record<string, Section>;
  const entries = Object.entries(sections);
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
      <header className="max-w-3xl">
        <h1 className="text-4xl font-semibold tracking-tight rtl:tracking-normal">{title}</h1>
        <p className="mt-4 text-lg leading-relaxed text-fg-muted">{t(`site.${area}.lead`)}</p>
        <p className="mt-3 text-sm text-fg-muted">
          {t("site.legal.updated", { date: formatDate(updated, "UTC") })}
        </p>
      </header>
      <div className="mt-12 grid gap-12 lg:grid-cols-[14rem_1fr]">
        <nav aria-labelledby={`${area}-contents`} className="lg:sticky lg:top-24 lg:self-start">
          <h2 id={`${area}-contents`} className="text-sm font-semibold">
            {t("site.legal.contents")}
          </h2>
          <ol className="mt-3 space-y-2 border-s border-border ps-4 text-sm">
            {entries.map(([key, section]) => (
              <li key={key}>
                <a href={`#${key}`} className="text-fg-muted hover:text-fg">
                  {section.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="max-w-3xl space-y-10">
          {entries.map(([key, section]) => (
            <section key={key} id={key} aria-labelledby={`${key}-title`} className="scroll-mt-24">
              <h2 id={`${key}-title`} className="text-xl font-semibold">
                {section.title}
              </h2>
              <div className="mt-3 space-y-3 leading-relaxed text-fg-muted">
                {Object.entries(section)
                  .filter(([name]) => name !== "title")
                  .map(([name, text]) => (
                    <p key={name}>{text}</p>
                  ))}
              </div>
            </section>
          ))}
        </div>
      </div>
    </main>
  );
}
