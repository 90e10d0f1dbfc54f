"""Administration: staff accounts, and later reference data, the audit log and retention."""
