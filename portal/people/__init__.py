"""A person: who they are, their lookup, timeline, intake and rights."""
