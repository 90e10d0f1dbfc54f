"""The GOV.UK Notify channel, through the official client, against a local HTTP server that
checks each request as Notify would: the path, the JSON body and a signed JWT."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.notifications import messages
from portal.notifications.models import Message
from tests.factories import PersonFactory
from tests.notifications.conftest import burst

SERVICE_ID, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE, SMS_TEMPLATE = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture
def notify_server():
    received, status = [], {"code": 201}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            token = self.headers["Authorization"].removeprefix("Bearer ")
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            received.append({"path": self.path, "body": body, "claims": claims})
            self.send_response(status["code"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            answer = {"id": str(uuid.uuid4())} if status["code"] == 201 else {"errors": [{"error": "BadRequestError"}]}
            self.wfile.write(json.dumps(answer).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "received": received, "status": status}
    server.shutdown()


@pytest.fixture
def notify_app(app, notify_server):
    app.config.update(
        MAIL_URL=f"notify://{API_KEY}",
        NOTIFY_BASE_URL=notify_server["url"],
        NOTIFY_EMAIL_TEMPLATE_ID=EMAIL_TEMPLATE,
        NOTIFY_SMS_TEMPLATE_ID=SMS_TEMPLATE,
    )
    return app


def test_email_goes_to_notify_with_the_generic_template_and_a_signed_token(notify_app, notify_server):
    person = PersonFactory(email="amina@example.com", preferred_language="ps")
    messages.return_link(person.email, "ps", person.first_name, "http://localhost/l", days=7, person_id=person.id)
    db.session.commit()
    burst(notify_app)

    [request] = notify_server["received"]
    assert request["path"] == "/v2/notifications/email"
    assert request["claims"]["iss"] == SERVICE_ID and "iat" in request["claims"]
    body = request["body"]
    assert body["email_address"] == "amina@example.com"
    assert body["template_id"] == EMAIL_TEMPLATE
    assert set(body["personalisation"]) == {"subject", "body"}
    assert "http://localhost/l" in body["personalisation"]["body"]
    message = db.session.scalars(select(Message)).one()
    assert body["reference"] == f"message-{message.id}"
    assert message.status == "sent" and message.provider_id


def test_a_text_message_goes_to_notify_when_the_person_chose_it(notify_app, notify_server):
    from portal.notifications import notify
    from tests.notifications.helpers import make_application

    application = make_application(contact_by="sms", phone="07700 900123", preferred_language="uk")
    application.status = "shortlisted"
    notify.application_status_changed(application)
    db.session.commit()
    burst(notify_app)

    [request] = notify_server["received"]
    assert request["path"] == "/v2/notifications/sms"
    assert request["body"]["phone_number"] == "07700 900123"
    assert request["body"]["template_id"] == SMS_TEMPLATE
    assert application.reference in request["body"]["personalisation"]["body"]
    assert db.session.scalar(select(Message.channel)) == "sms"


def test_a_refusal_from_notify_fails_the_message_without_retrying(notify_app, notify_server):
    notify_server["status"]["code"] = 400
    person = PersonFactory()
    messages.return_link(person.email, "en", person.first_name, "http://localhost/l", days=7, person_id=person.id)
    db.session.commit()
    burst(notify_app)
    message = db.session.scalars(select(Message)).one()
    assert (message.status, message.attempts, message.last_error) == ("failed", 1, "HTTPError 400")
