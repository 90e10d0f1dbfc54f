"""Messages: the outbox, the job queue and its worker, the channels (SMTP, GOV.UK Notify, kept),
the messages in each reader's language, and the public's emailed way back in."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
staff_bp = Blueprint("notifications_staff", __name__)


def init_app(app) -> None:
    from portal.notifications import outbox
    from portal.notifications.queue import make_queue
    from portal.notifications.staff_views import person_messages

    outbox.register_session_events()
    app.extensions["portal_queue"] = make_queue(app)
    app.jinja_env.globals["person_messages"] = person_messages
    # The routes are imported here, not when the package is: the areas' services import the
    # hooks from this package, and the views import those areas.
    from portal.notifications import staff_views, views  # noqa: F401
