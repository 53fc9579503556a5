// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function AccountsPage() {
  return <main id="main">AccountsPage</main>;
}
