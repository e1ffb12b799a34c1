"""Ingest: files become articles, sentences and chunks with exact offsets, then vectors in
Chroma. May import the shared base (settings, errors, models, lexicon, terms) only."""
