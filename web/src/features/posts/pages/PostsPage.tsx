// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function PostsPage() {
  return <main id="main">PostsPage</main>;
}
