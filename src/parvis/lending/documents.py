"""The PDF copy of an accepted loan convention, for the member and for the file."""

from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.pdf import Document


def convention_pdf(acceptance) -> bytes:
    """The accepted text, then how, when and which version was accepted, and the
    fingerprint that proves the text unchanged."""
    document = Document(acceptance.template.title)
    for paragraph in acceptance.text.split("\n\n"):
        document.paragraph(paragraph.strip())
    document.heading(_("Acceptation de la convention"))
    rows = [
        [_("Prêt"), _("n° %(number)s") % {"number": acceptance.loan_id}],
        [_("Version de la convention"), acceptance.version],
        [_("Mode"), acceptance.get_method_display()],
        [_("Enregistrée le"), timezone.localtime(acceptance.accepted_at).strftime(
            "%d/%m/%Y %H:%M")],
    ]
    if acceptance.signed_on:
        rows.append([_("Signée sur papier le"), acceptance.signed_on.strftime("%d/%m/%Y")])
    rows.append([_("Empreinte SHA-256 du texte"), acceptance.text_hash])
    document.table([_("Élément"), _("Valeur")], rows, widths=(35, 65))
    return document.to_bytes()
