"""Data that is not the academy's own: reference data (`flask seed reference`), the invented demo
academy (`flask seed demo`) and a made-up region for measuring (`flask seed scale`). Both seeds
are idempotent: a second run adds nothing. The demo academy is invented: the people are generated
from lists of common first names and surnames, the organisations are fictional, and nothing comes
from a real person."""
