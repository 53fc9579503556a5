"""Pure domain: models, enums, rules and errors. No I/O here."""
