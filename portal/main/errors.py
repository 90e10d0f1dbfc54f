"""Error pages in the portal's own look. No stack trace or SQL ever reaches a page."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from portal.extensions import db
from portal.uploads import too_large_message

ERRORS = {
    400: (
        _l("Sorry, there is a problem with your request"),
        _l("Something in the request was not right. Go back and try again."),
    ),
    403: (
        _l("You do not have permission to see this page"),
        _l("Your account cannot open this page. If you think it should, ask your manager or an administrator."),
    ),
    404: (
        _l("Page not found"),
        _l("If you typed the web address, check it is correct. If you pasted it, check you copied the whole address."),
    ),
    405: (
        _l("Sorry, there is a problem with your request"),
        _l("That page cannot be used in this way. Go back and try again."),
    ),
    409: (
        _l("Sorry, that cannot be done now"),
        _l("The record has changed since the page was opened. Go back, refresh the page and try again."),
    ),
    413: (_l("The file or form you sent is too large"), _l("Go back and send a smaller file.")),
    429: (_l("Too many attempts"), _l("Wait a few minutes, then try again.")),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Try again later. If you entered information, it may not have been saved."),
    ),
    503: (_l("Sorry, the service is unavailable"), _l("Try again in a few minutes.")),
}


def render_error(code: int, detail=None):
    # A code without its own words keeps its status, with the general words for its class.
    title, message = ERRORS.get(code) or (ERRORS[400] if 400 <= code < 500 else ERRORS[500])
    return render_template("errors/error.html", page_title=str(title), message=str(detail or message), code=code), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(
            400, _l("The form had expired or was sent from somewhere else. Go back, refresh the page and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            return render_error(413, too_large_message())
        return render_error(error.code if error.code and 400 <= error.code < 600 else 500)

    @app.errorhandler(DataError)
    def data_error(_error):
        # Input the database cannot hold (a number out of range...): the request was wrong.
        db.session.rollback()
        app.logger.warning("request refused by the database as invalid data")
        return render_error(400)

    @app.errorhandler(OperationalError)
    def database_unavailable(_error):
        db.session.rollback()
        app.logger.exception("database unavailable")
        return render_error(ServiceUnavailable.code)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(InternalServerError.code)
