// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function FeedPostPage() {
  return <main id="main">FeedPostPage</main>;
}
