// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function DashboardPage() {
  return <main id="main">DashboardPage</main>;
}
