import { LegalPage } from "../components/LegalPage";

export default function TermsPage() {
  return <LegalPage area="terms" updated="2026-12-07" />;
}
