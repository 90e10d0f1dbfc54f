"""The public home page, the health check, error pages and the site-wide navigation."""
