import { LegalPage } from "../components/LegalPage";

export default function PrivacyPage() {
  return <LegalPage area="privacy" updated="2026-12-07" />;
}
