// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function SignUpPage() {
  return <main id="main">SignUpPage</main>;
}
