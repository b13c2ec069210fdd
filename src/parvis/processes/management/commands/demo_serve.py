"""Serve the demo: one background worker beside Django's development server, the logins
printed last; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from parvis.processes.management.commands.load_demo import print_logins

WORKER_STOP_SECONDS = 10


class Command(BaseCommand):
    help = "Serve the demo with one background worker beside it; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # Ctrl-C stops the server even when started from a shell that ignores it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The server process the autoreloader (re)starts: the worker already runs.
            call_command("runserver", addrport)
            return
        worker = subprocess.Popen(  # noqa: S603 - this very program, no user input
            [sys.executable, "-m", "parvis", "worker", "--no-reload", "--verbosity", "0"])
        try:
            print_logins(self.stdout)
            site = f"http://{addrport}"
            self.stdout.write(self.style.SUCCESS(
                f"Parvis is served on {site} (back office: {site}/gestion/); its e-mails are"
                f" shown on {site}/demo/courriels/." if settings.DEMO else
                f"Parvis is served on {site} (back office: {site}/gestion/)."))
            self.stdout.write("Ctrl-C stops the server and its worker.")
            call_command("runserver", addrport)
        finally:
            worker.terminate()
            try:
                worker.wait(WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
