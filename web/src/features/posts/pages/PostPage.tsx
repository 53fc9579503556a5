// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function PostPage() {
  return <main id="main">PostPage</main>;
}
