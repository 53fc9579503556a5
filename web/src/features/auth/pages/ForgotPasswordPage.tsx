// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function ForgotPasswordPage() {
  return <main id="main">ForgotPasswordPage</main>;
}
