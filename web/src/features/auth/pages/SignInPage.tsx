// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function SignInPage() {
  return <main id="main">SignInPage</main>;
}
