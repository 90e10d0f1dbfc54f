"""The person and their pipeline: the append-only ledger of stage events every area writes to."""
