"""Answering: the in-memory index, sentence scoring, quote selection and the refusal checks.
May import reading/, ingest/ (the store the index loads from) and the shared base."""
