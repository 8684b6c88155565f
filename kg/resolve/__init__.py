"""Who is who: normalising names, the knowledge base, and merging mentions into entities."""
