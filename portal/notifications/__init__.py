"""Messages: the outbox, the job queue and its worker, the channels (SMTP, GOV.UK Notify, kept),
the messages in each reader's language, and the public's emailed way back in."""


def init_app(app) -> None:
    from portal.notifications import labels, notify, outbox
    from portal.notifications.queue import make_queue
    from portal.notifications.staff_views import person_messages

    outbox.register_session_events()
    notify.listen()
    app.extensions["portal_queue"] = make_queue(app)
    app.jinja_env.globals["person_messages"] = person_messages
    app.jinja_env.globals["message_labels"] = labels
