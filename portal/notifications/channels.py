"""How a message leaves, chosen by MAIL_URL: an SMTP relay, GOV.UK Notify, or nowhere (kept).

A channel's ``send`` returns the provider's id for the message, or None when it was kept. Errors
are described by their kind only: an address or a message text never reaches the log or the
outbox's last_error.
"""

import contextlib
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from portal.notifications.models import Message


class ChannelError(RuntimeError):
    """The configuration names a channel the portal cannot use."""


class KeepChannel:
    """Development: nothing leaves; staff read the message on the Messages page."""

    def send(self, message: Message) -> None:
        return None

    def describe_error(self, error: Exception) -> str:
        return type(error).__name__

    def is_temporary(self, error: Exception) -> bool:
        return False

    def close(self) -> None:
        pass


class SmtpChannel(KeepChannel):
    """An SMTP relay. One connection is kept open for the worker's run and opened again if the
    server drops it, so a burst does not pay a handshake per message."""

    def __init__(self, host: str, port: int, *, starttls: bool, user: str, password: str, sender: str):
        self.host, self.port, self.starttls = host, port, starttls
        self.user, self.password, self.sender = user, password, sender
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(self.host, self.port, timeout=30)
        if self.starttls:
            connection.starttls()
        if self.user:
            connection.login(self.user, self.password)
        return connection

    def send(self, message: Message) -> str:
        if message.channel != "email":
            raise ChannelError("text messages need GOV.UK Notify (MAIL_URL=notify://...)")
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to_address
        email["Subject"] = message.subject
        email["Message-ID"] = message_id = make_msgid(domain="portal.local")
        email.set_content(message.body_text)
        if message.body_html:
            email.add_alternative(message.body_html, subtype="html")
        # After the body: setting the content clears every Content-* header.
        email["Content-Language"] = message.language
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = self._connect()
            try:
                self.connection.send_message(email)
                return message_id
            except smtplib.SMTPServerDisconnected:
                self.connection = None
                if attempt == 2:
                    raise
        return message_id

    def describe_error(self, error: Exception) -> str:
        code = getattr(error, "smtp_code", None) or getattr(error, "code", None)
        return f"{type(error).__name__}{f' {code}' if code else ''}"

    def is_temporary(self, error: Exception) -> bool:
        if isinstance(error, ChannelError | smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
            return False
        code = getattr(error, "smtp_code", None)
        # 5xx is the server saying no for good; a 4xx, a dropped line or a timeout may pass.
        return not (isinstance(code, int) and 500 <= code < 600)

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None


class NotifyChannel(KeepChannel):
    """GOV.UK Notify through its official client, with one generic template per channel whose
    body is ((body)) (and, for email, subject ((subject)))."""

    def __init__(self, api_key: str, *, base_url: str, email_template: str, sms_template: str):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url)
        self.email_template, self.sms_template = email_template, sms_template

    def send(self, message: Message) -> str:
        reference = f"message-{message.id}"
        if message.channel == "sms":
            response = self.client.send_sms_notification(
                phone_number=message.to_address,
                template_id=self.sms_template,
                personalisation={"body": message.body_text},
                reference=reference,
            )
        else:
            response = self.client.send_email_notification(
                email_address=message.to_address,
                template_id=self.email_template,
                personalisation={"subject": message.subject, "body": message.body_text},
                reference=reference,
            )
        return str(response["id"])

    def describe_error(self, error: Exception) -> str:
        status = getattr(error, "status_code", None)
        return f"{type(error).__name__}{f' {status}' if status else ''}"

    def is_temporary(self, error: Exception) -> bool:
        status = getattr(error, "status_code", None)
        # Notify: 400/403 are our mistake and will not pass on a retry; 429 and 5xx may.
        return not (isinstance(status, int) and 400 <= status < 500 and status != 429)


def from_config(config) -> KeepChannel:
    url = config.get("MAIL_URL") or ""
    if not url:
        return KeepChannel()
    if url.startswith("notify://"):
        return NotifyChannel(
            url.removeprefix("notify://"),
            base_url=config["NOTIFY_BASE_URL"],
            email_template=config["NOTIFY_EMAIL_TEMPLATE_ID"],
            sms_template=config["NOTIFY_SMS_TEMPLATE_ID"],
        )
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtp+starttls") or not parts.hostname:
        raise ChannelError("MAIL_URL must be smtp://host:port, smtp+starttls://user:password@host:port or notify://KEY")
    return SmtpChannel(
        parts.hostname,
        parts.port or 25,
        starttls=parts.scheme == "smtp+starttls",
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        sender=config["MAIL_FROM"],
    )
