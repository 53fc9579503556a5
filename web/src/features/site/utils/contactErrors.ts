/**
 * A refused contact message, sorted by field: the API's validation (per field) and its own checks
 * (one code per field) both land under the field they are about, in the page's language.
 */
import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api/client";
import { describeError } from "@/lib/errors";
import { fieldProblems } from "@/lib/fieldErrors";
import { CONTACT_LIMITS } from "../api/contact";

export type ContactField = "name" | "email" | "subject" | "message";
export type ContactErrors = { fields: Partial<Record<ContactField, string>>; form: string | null };

const FIELDS: ContactField[] = ["name", "email", "subject", "message"];
const CODE_FIELD: Record<string, ContactField> = {
  invalid_name: "name",
  invalid_email: "email",
  invalid_subject: "subject",
  invalid_message: "message",
};

function message(field: ContactField, type: string, t: TFunction): string {
  if (field === "email") return t("site.contact.errors.email");
  if (type === "string_too_long")
    return t("site.contact.errors.tooLong", {
      max: field === "message" ? CONTACT_LIMITS.maxMessage : CONTACT_LIMITS[field],
    });
  if (field === "message") return t("site.contact.errors.message", { min: CONTACT_LIMITS.minMessage });
  return t(`site.contact.errors.${field}`);
}

export function contactErrors(error: unknown, t: TFunction): ContactErrors {
  if (!error) return { fields: {}, form: null };
  if (error instanceof ApiError) {
    const fields: ContactErrors["fields"] = {};
    for (const [field, problem] of Object.entries(fieldProblems(error)))
      if ((FIELDS as string[]).includes(field))
        fields[field as ContactField] = message(field as ContactField, problem.type, t);
    const coded = CODE_FIELD[error.code];
    if (coded) fields[coded] = message(coded, "", t);
    if (Object.keys(fields).length > 0) return { fields, form: null };
  }
  return { fields: {}, form: describeError(error, t) };
}
