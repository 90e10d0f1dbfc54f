"""The audit trail: who saw or changed which personal record, and when. A platform package:
every area records here; it imports no area."""
