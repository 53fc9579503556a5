// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function ApprovalsPage() {
  return <main id="main">ApprovalsPage</main>;
}
