// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function ComposerPage() {
  return <main id="main">ComposerPage</main>;
}
