// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function MediaPage() {
  return <main id="main">MediaPage</main>;
}
