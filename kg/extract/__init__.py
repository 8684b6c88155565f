"""Event extraction: lexicon data per language, applied to dependency parses by a small engine."""
