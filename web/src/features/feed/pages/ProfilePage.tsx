// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function ProfilePage() {
  return <main id="main">ProfilePage</main>;
}
