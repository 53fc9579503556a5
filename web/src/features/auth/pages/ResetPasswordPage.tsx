// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function ResetPasswordPage() {
  return <main id="main">ResetPasswordPage</main>;
}
