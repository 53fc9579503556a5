// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function TermsPage() {
  return <main id="main">TermsPage</main>;
}
