// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function PrivacyPage() {
  return <main id="main">PrivacyPage</main>;
}
