"""Report pages."""

from portal.reports import models  # noqa: F401
