// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function VerifyEmailPage() {
  return <main id="main">VerifyEmailPage</main>;
}
