"""PostgreSQL: the relational source of truth."""
