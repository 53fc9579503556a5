// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function AboutPage() {
  return <main id="main">AboutPage</main>;
}
