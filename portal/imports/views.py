"""Web pages for imports: upload, preview, confirm, progress."""
