// PLACEHOLDER-PAGE: replaced by the feature's real page.
export default function CalendarPage() {
  return <main id="main">CalendarPage</main>;
}
