"""A worker killed in the middle of sending an e-mail: after a restart the e-mail leaves
exactly once. Real `parvis worker` processes on a database of their own (SQLite), a local
mail server that stalls the first delivery until the worker is killed."""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time

import pytest

WAIT_SECONDS = 120


class MailServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP: counts the messages it accepted (answered 250 after their data);
    the first message's data is never answered, as a mail server that stalls."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.accepted: list[bytes] = []
        self.stalled = threading.Event()
        self.release = threading.Event()


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        server = self.server
        self.reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.reply("250 test")
            elif command == b"DATA":
                self.reply("354 end with .")
                data = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                if not server.stalled.is_set():
                    server.stalled.set()
                    server.release.wait(WAIT_SECONDS)
                    return
                server.accepted.append(data)
                self.reply("250 accepted")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def mail_server():
    server = MailServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def parvis(tmp_path, mail_server):
    """Run `parvis ...` on a SQLite database of its own, sending to the test's mail server,
    with a lease of 3 seconds and a sweep every second."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "CACHE_URL", "EMAIL_URL"}}
    env.update(PARVIS_DATA_DIR=str(tmp_path), TASKS_LEASE_SECONDS="3", TASKS_SWEEP_SECONDS="1",
               EMAIL_URL=f"smtp://127.0.0.1:{mail_server.server_address[1]}?timeout=60",
               DJANGO_SETTINGS_MODULE="parvis.settings")

    def command(*args, **popen):
        return [sys.executable, "-m", "parvis", *args], {"env": env, "cwd": tmp_path, **popen}

    def run(*args) -> str:
        argv, options = command(*args)
        return subprocess.run(argv, check=True, capture_output=True, text=True,
                              timeout=WAIT_SECONDS, **options).stdout

    def start_worker() -> subprocess.Popen:
        argv, options = command("worker", "--no-reload", "--no-startup-delay",
                                "--interval", "0.2", "--verbosity", "0")
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, **options)

    run("migrate", "--noinput", "--verbosity", "0")
    return run, start_worker


STATE = """
from django_tasks_db.models import DBTaskResult
from parvis.core.models import OutboxMessage
message = OutboxMessage.objects.get()
unfinished = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
print(message.status, message.attempts, unfinished)
"""


def test_a_worker_killed_mid_delivery_and_restarted_sends_the_email_once(parvis, mail_server):
    run, start_worker = parvis
    run("shell", "--no-imports", "-c", "from parvis.core.mail import queue_mail;"
                       " queue_mail('bob@example.org', 'Objet', 'Texte du courriel')")
    assert run("shell", "--no-imports", "-c", STATE).split() == ["pending", "0", "1"]

    first = start_worker()
    try:
        wait_for(mail_server.stalled.is_set, "the first worker to be sending")
        first.send_signal(signal.SIGKILL)
        first.wait(WAIT_SECONDS)
    finally:
        first.kill()
    assert mail_server.accepted == []
    # Claimed once, never sent; its task is still « running » for the framework.
    assert run("shell", "--no-imports", "-c", STATE).split()[:2] == ["pending", "1"]

    second = start_worker()
    try:
        wait_for(lambda: run("shell", "--no-imports", "-c", STATE).split() == ["sent", "2", "0"],
                 "the e-mail to be sent after the restart")
    finally:
        second.terminate()
        second.wait(WAIT_SECONDS)
    assert len(mail_server.accepted) == 1
    assert b"Texte du courriel" in mail_server.accepted[0]


SUBMIT_WITH_PHOTO = """
import io
from PIL import Image
from parvis.core.models import Commune, Service
from parvis.core.services.territory import load_communes
from parvis.reports.models import Category, RoutingRule
from parvis.reports.services import Submission, load_default_categories, submit_report
load_communes()
load_default_categories()
RoutingRule.objects.create(service=Service.objects.create(name="Tri", slug="tri"))
buffer = io.BytesIO()
Image.new("RGB", (800, 600), (200, 120, 40)).save(buffer, "JPEG")
report = submit_report(Submission(
    category=Category.objects.get(slug="voirie"), title="Nid-de-poule", description="Profond.",
    commune=Commune.objects.get(slug="bordeaux"), photo=buffer.getvalue()))
print(report.photo_original.path)
"""

PHOTO_STATE = """
from django_tasks_db.models import DBTaskResult
from parvis.reports.models import Report
report = Report.objects.get()
print(report.photo_status, bool(report.photo), bool(report.photo_original),
      sum(1 for workers in DBTaskResult.objects.values_list("worker_ids", flat=True) if workers),
      DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
      DBTaskResult.objects.count())
"""


def test_a_worker_killed_mid_photo_and_restarted_processes_it_once(parvis, tmp_path):
    """The first worker blocks reading the original (a named pipe stands in for it, as a
    slow disk would) and is killed; the second one processes the photo once."""
    run, start_worker = parvis
    original = run("shell", "--no-imports", "-c", SUBMIT_WITH_PHOTO).strip()
    with open(original, "rb") as sent:
        photo = sent.read()
    os.remove(original)
    os.mkfifo(original)
    state = lambda: run("shell", "--no-imports", "-c", PHOTO_STATE).split()  # noqa: E731
    assert state() == ["pending", "False", "True", "0", "1", "1"]

    first = start_worker()
    try:
        wait_for(lambda: state()[3] == "1", "the first worker to be processing the photo")
        first.send_signal(signal.SIGKILL)
        first.wait(WAIT_SECONDS)
    finally:
        first.kill()
    assert state() == ["pending", "False", "True", "1", "1", "1"]  # started, never finished

    os.remove(original)  # the disk is back
    with open(original, "wb") as restored:
        restored.write(photo)
    second = start_worker()
    try:
        wait_for(lambda: state() == ["ready", "True", "False", "1", "0", "1"],
                 "the photo to be processed after the restart")
    finally:
        second.terminate()
        second.wait(WAIT_SECONDS)
    published = [name for _root, _dirs, files in os.walk(tmp_path / "media" / "reports")
                 for name in files]
    assert len(published) == 2  # the photo and its thumbnail, written once
    assert not os.path.exists(original)
