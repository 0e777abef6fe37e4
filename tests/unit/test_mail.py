"""Mail queue and delivery: outbox .eml files, the resend API through a local fake, retries."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlmodel import select

from ata_reflex import cli
from ata_reflex.models import OutgoingMail
from ata_reflex.services.mail import MAX_ATTEMPTS, deliver_pending, mask_email, queue_mail, render_mail
from ata_reflex.settings import get_settings

SUBJECT = "【ATA单证册】请激活您的账号"


def queue_activation(db, clock, to: str = "zhangsan@example.com", username: str = "zhangsan") -> OutgoingMail:
    subject, text_body, html_body = render_mail("mail.activation", username=username,
                                                link="https://ata.test/activate?token=abc&x=1")
    mail = queue_mail(db, to=to, subject=subject, text_body=text_body, html_body=html_body, clock=clock)
    db.commit()
    return mail


def read_outbox(settings) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(settings.outbox_dir.glob("*.eml"))]


def test_mask_email_long_local_part():
    assert mask_email("zhangsan@example.com") == "z***n@example.com"


def test_mask_email_short_local_part():
    assert mask_email("ab@example.com") == "a***@example.com"


def test_mask_email_without_at():
    assert mask_email("nonsense") == "***"


def test_render_mail_escapes_html_params():
    _, text_body, html_body = render_mail("mail.activation", username="<script>", link="https://a.test/?a=1&b=2")
    assert "<script>" in text_body
    assert "&lt;script&gt;" in html_body
    assert "<script>" not in html_body
    assert 'href="https://a.test/?a=1&amp;b=2"' in html_body


def test_queue_mail_does_not_send(db, clock, settings):
    queue_activation(db, clock)
    assert not settings.outbox_dir.exists()


def test_outbox_writes_parseable_eml(db, clock, settings):
    mail = queue_activation(db, clock)
    assert deliver_pending(db, clock=clock) == 1
    files = list(settings.outbox_dir.glob("*.eml"))
    assert [path.name for path in files] == [f"20260302T090000Z-{mail.id}.eml"]
    (message,) = read_outbox(settings)
    assert message["Subject"] == SUBJECT
    assert message["To"] == "zhangsan@example.com"
    assert "ATA 单证册服务" in message["From"]


def test_outbox_eml_has_text_and_html(db, clock, settings):
    queue_activation(db, clock)
    deliver_pending(db, clock=clock)
    (message,) = read_outbox(settings)
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    assert message.get_content_type() == "multipart/alternative"
    assert "请在 24 小时内打开下面的链接激活账号" in plain.get_content()
    assert "https://ata.test/activate?token=abc&x=1" in plain.get_content()
    assert '<a href="https://ata.test/activate?token=abc&amp;x=1">' in rich.get_content()


def test_outbox_file_is_utf8(db, clock, settings):
    queue_activation(db, clock)
    deliver_pending(db, clock=clock)
    (path,) = settings.outbox_dir.glob("*.eml")
    assert SUBJECT in path.read_bytes().decode("utf-8")


def test_deliver_marks_sent_once(db, clock, settings):
    mail = queue_activation(db, clock)
    deliver_pending(db, clock=clock)
    assert deliver_pending(db, clock=clock) == 0
    db.refresh(mail)
    assert mail.sent_at == clock()
    assert mail.attempts == 1
    assert len(read_outbox(settings)) == 1


def test_deliver_respects_limit(db, clock):
    for number in range(3):
        queue_activation(db, clock, to=f"user{number}@example.com")
    assert deliver_pending(db, limit=2, clock=clock) == 2
    assert deliver_pending(db, clock=clock) == 1


def test_deliver_logs_masked_address(db, clock, caplog):
    queue_activation(db, clock)
    with caplog.at_level("INFO", logger="ata_reflex.services.mail"):
        deliver_pending(db, clock=clock)
    assert "z***n@example.com" in caplog.text
    assert "zhangsan@example.com" not in caplog.text


@pytest.fixture
def broken_outbox(settings, tmp_path):
    """Settings whose outbox path is a file, so every write fails."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    return dataclasses.replace(settings, outbox_dir=blocker / "outbox")


def test_deliver_failure_records_error(db, clock, broken_outbox):
    mail = queue_activation(db, clock)
    assert deliver_pending(db, settings=broken_outbox, clock=clock) == 0
    db.refresh(mail)
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert mail.last_error.startswith("NotADirectoryError")


def test_deliver_failure_waits_before_retry(db, clock, settings, broken_outbox):
    queue_activation(db, clock)
    deliver_pending(db, settings=broken_outbox, clock=clock)
    assert deliver_pending(db, settings=settings, clock=clock) == 0
    clock.advance(minutes=1)
    assert deliver_pending(db, settings=settings, clock=clock) == 1


def test_deliver_gives_up_after_max_attempts(db, clock, settings, broken_outbox):
    mail = queue_activation(db, clock)
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_pending(db, settings=broken_outbox, clock=clock)
        clock.advance(hours=1)
    db.refresh(mail)
    assert mail.attempts == MAX_ATTEMPTS
    assert deliver_pending(db, settings=settings, clock=clock) == 0


def test_deliver_skips_mail_leased_elsewhere(db, clock, settings):
    mail = queue_activation(db, clock)
    mail.attempts = 1
    mail.next_attempt_at = clock.now.replace(minute=5)
    db.add(mail)
    db.commit()
    assert deliver_pending(db, clock=clock) == 0


# --- resend, through the real SDK against a local HTTP server ---


@dataclasses.dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict


@pytest.fixture
def fake_resend() -> Iterator[tuple[str, list[RecordedRequest]]]:
    """A resend API stand-in on 127.0.0.1 with a free port; yields its URL and the requests it got."""
    recorded: list[RecordedRequest] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's method name)
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            recorded.append(RecordedRequest(self.path, dict(self.headers), body))
            payload = json.dumps({"id": f"fake-{len(recorded)}"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", recorded
    server.shutdown()
    server.server_close()


@pytest.fixture
def resend_settings(settings, fake_resend, monkeypatch):
    """Settings with a resend key and ``RESEND_API_URL`` pointing at the fake server."""
    monkeypatch.setenv("RESEND_API_KEY", "re_test_key")
    monkeypatch.setenv("RESEND_API_URL", fake_resend[0])
    get_settings.cache_clear()
    return get_settings()


def test_resend_posts_to_emails(db, clock, resend_settings, fake_resend):
    queue_activation(db, clock)
    assert deliver_pending(db, settings=resend_settings, clock=clock) == 1
    (request,) = fake_resend[1]
    assert request.path == "/emails"
    assert request.headers["Authorization"] == "Bearer re_test_key"
    assert request.headers["Idempotency-Key"].startswith("outgoing-mail-")


def test_resend_body_has_chinese_subject(db, clock, resend_settings, fake_resend):
    queue_activation(db, clock)
    deliver_pending(db, settings=resend_settings, clock=clock)
    body = fake_resend[1][0].body
    assert body["subject"] == SUBJECT
    assert body["to"] == ["zhangsan@example.com"]
    assert body["from"] == resend_settings.mail_from
    assert "激活账号" in body["text"]
    assert "<a href=" in body["html"]


def test_resend_writes_no_outbox(db, clock, resend_settings, fake_resend):
    queue_activation(db, clock)
    deliver_pending(db, settings=resend_settings, clock=clock)
    assert not resend_settings.outbox_dir.exists()


def test_resend_error_is_retried(db, clock, resend_settings):
    # Nothing listens on the discard port, so the connection is refused at once.
    unreachable = dataclasses.replace(resend_settings, resend_api_url="http://127.0.0.1:9")
    mail = queue_activation(db, clock)
    assert deliver_pending(db, settings=unreachable, clock=clock) == 0
    db.refresh(mail)
    assert mail.attempts == 1
    assert mail.last_error != ""
    assert db.exec(select(OutgoingMail).where(OutgoingMail.sent_at.is_not(None))).all() == []


def test_cli_deliver_mail_writes_outbox(db, clock, settings):
    queue_activation(db, clock)
    assert cli.main(["deliver-mail"]) == 0
    assert len(read_outbox(settings)) == 1
