// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function InvitationPage() {
  return <main id="main">InvitationPage</main>;
}
