"""Results: documents, tidy tables, summaries and export."""
