"""The largest request each page accepts. Most pages take MAX_CONTENT_LENGTH; a page that takes
bigger files names its own setting here, and that one setting is what every check honours: the
request-size check (which runs before any view, when the CSRF check first reads the form) and
the message of the 413 page."""

from flask import Request, current_app, request
from flask_babel import format_decimal
from flask_babel import gettext as _

# endpoint -> the setting that is its request-size limit
UPLOAD_LIMITS = {"imports.upload": "IMPORT_MAX_BYTES"}


def limit_for(endpoint: str | None) -> int | None:
    return current_app.config[UPLOAD_LIMITS.get(endpoint, "MAX_CONTENT_LENGTH")]


class PortalRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if not current_app:
            return super().max_content_length
        # The URL is matched before any before_request function reads the body.
        return limit_for(self.url_rule.endpoint if self.url_rule else None)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def megabytes(size: int) -> str:
    return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1)))


def too_large_message() -> str | None:
    """What the 413 page says: for a file, the limit of the page it was sent to."""
    limit = request.max_content_length
    if request.mimetype != "multipart/form-data" or not limit:
        return None
    return _(
        "The file is larger than %(size)s, the most this page accepts. Send a smaller file, or split it into "
        "several files.",
        size=megabytes(limit),
    )
