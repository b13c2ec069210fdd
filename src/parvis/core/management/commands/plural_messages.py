"""Write the French catalog of the messages that have a plural form.

The site's source text is French, so a message needs no translation, but a message with a
plural does: without a catalog, gettext chooses the form by the English rule (one form for
1, another for 0 and more: « 0 soutiens »). French uses the singular for 0 and 1
(`Plural-Forms: nplurals=2; plural=(n > 1);`): the catalog holds every plural message with
its own two forms under that rule. Run it after adding or changing a plural message
(`ngettext`, `{% blocktranslate count %}`); the tests fail while the catalog lacks one.
"""

import contextlib
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

HEADER = """# Plural forms of Parvis' French messages (written by `parvis plural_messages`).
msgid ""
msgstr ""
"Project-Id-Version: Parvis\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def plural_entries(po_text: str) -> list[str]:
    """The entries of a catalog that have a plural, each with its two French forms (the
    singular and plural source texts)."""
    entries = []
    for block in re.split(r"\n\s*\n", po_text):
        if "msgid_plural" not in block:
            continue
        source = "\n".join(line for line in block.strip().splitlines()
                            if not line.startswith("msgstr"))
        singular = source.split("msgid_plural")[0].split("msgid", 1)[1].strip()
        plural = source.split("msgid_plural", 1)[1].strip()
        entries.append(f"{source}\nmsgstr[0] {singular}\nmsgstr[1] {plural}\n")
    return sorted(entries)


def catalog_text() -> str:
    """The catalog as it should be for the source as it is."""
    # makemessages writes next to the files it reads: it reads them through a link, so that
    # it writes in a folder of its own and leaves the catalog alone.
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "parvis").symlink_to(settings.BASE_DIR)
        (root / "locale").mkdir()
        with override_settings(LOCALE_PATHS=[str(root / "locale")]), contextlib.chdir(root):
            call_command("makemessages", locale=["fr"], symlinks=True, no_location=True,
                         ignore_patterns=["*/locale"],
                         no_wrap=True, verbosity=0)
        extracted = (root / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text()
    return "\n".join([HEADER, *plural_entries(extracted)])


class Command(BaseCommand):
    help = ("Write the French catalog of the plural messages (run it after changing one), or"
            " with --check say whether it is up to date.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Exit with an error if the catalog is not up to date.")

    def handle(self, *args, check=False, **options):
        folder = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES"
        po = folder / "django.po"
        text = catalog_text()
        if check:
            if not po.exists() or po.read_text() != text:
                raise SystemExit("The plural messages' catalog is out of date:"
                                 " run `parvis plural_messages`.")
            self.stdout.write("The plural messages' catalog is up to date.")
            return
        folder.mkdir(parents=True, exist_ok=True)
        po.write_text(text)
        call_command("compilemessages", locale=["fr"], verbosity=0)
        self.stdout.write(f"{text.count('msgid_plural')} plural messages written.")
