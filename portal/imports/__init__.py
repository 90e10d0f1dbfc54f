"""Imports: CSV files of an academy's history (people, events, sessions, postcode lookup), checked
row by row, previewed, and written all or nothing."""
