// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function ContactPage() {
  return <main id="main">ContactPage</main>;
}
