"""Reporting: the small-number suppression rule shared by every report."""
