// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function HomePage() {
  return <main id="main">HomePage</main>;
}
