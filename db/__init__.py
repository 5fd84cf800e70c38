"""Storage: SQLModel tables (``models``), engines and schema (``session``), reads and writes
(``crud``)."""
