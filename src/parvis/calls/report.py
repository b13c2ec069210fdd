"""The jury report of a call, for its organisers: a PDF (the official record, naming the
jury's members and their qualities) and a CSV of the scores (jurors only as "Juré·e 1"…)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.calls.applications import paris_moment
from parvis.calls.decisions import total_granted
from parvis.calls.jury import Deliberation, Row, deliberation
from parvis.calls.models import Call
from parvis.core import spreadsheets
from parvis.core.formats import date_format, euros
from parvis.core.pdf import Document


def decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def rank_label(row: Row) -> str:
    if row.result.rank is None:
        return _("non classée")
    return _("%d ex aequo") % row.result.rank if row.tied_with else str(row.result.rank)


def decision_label(row: Row) -> str:
    decision = getattr(row.application, "decision", None)
    if decision is None:
        return _("sans décision")
    return _("retenue") if decision.selected else _("non retenue")


# PDF -------------------------------------------------------------------------------------


def pdf(call: Call) -> bytes:
    board = deliberation(call)
    document = Document(_("Rapport du jury — %s") % call.title)
    document.paragraph(_("Édité le %s.") % paris_moment(timezone.now()))
    describe_call(document, call)
    document.heading(_("Composition du jury"))
    document.table(
        [_("Membre"), _("Qualité"), _("Élu·e")],
        [[juror.user.full_name, juror.title,
          _("oui") if juror.is_elected_official else _("non")]
         for juror in call.jury.select_related("user")],
        widths=(3, 4, 1),
    )
    document.heading(_("Critères et pondérations"))
    document.table([_("Critère"), _("Poids")],
                   [[criterion.name, criterion.weight] for criterion in board.criteria],
                   widths=(6, 1))
    ranking(document, call, board)
    averages(document, board)
    decisions(document, call, board)
    return document.to_bytes()


def describe_call(document: Document, call: Call) -> None:
    document.heading(_("L'appel"))
    lines = [
        _("Date limite de dépôt : %s (heure de Paris).") % paris_moment(call.deadline),
        _("Jury : %(jury)s. Décision : %(decision)s.") % {
            "jury": date_format(call.jury_at, "j F Y"),
            "decision": date_format(call.decision_at, "j F Y")},
        _("Notes de 0 à %d par critère.") % call.score_max,
    ]
    if call.min_amount is not None and call.max_amount is not None:
        lines.append(_("Aide : de %(min)s à %(max)s.") % {"min": euros(call.min_amount),
                                                            "max": euros(call.max_amount)})
    if call.in_kind_support:
        lines.append(_("Soutien en nature : %s.") % call.in_kind_support)
    document.paragraph("\n".join(lines))


def ranking(document: Document, call: Call, board: Deliberation) -> None:
    document.heading(_("Classement"))
    document.paragraph(_("Moyenne pondérée des moyennes par critère, sur %d. Les membres ayant"
                         " déclaré un conflit d'intérêts ne notent pas la candidature"
                         " concernée.") % call.score_max)
    document.table(
        [_("Rang"), _("Dossier"), _("Structure — projet"), _("Moyenne pondérée"), _("Juré·es")],
        [[rank_label(row), row.application.reference or "",
          f"{row.application.organisation} — {row.application.title}",
          decimal(row.weighted_mean), row.result.jurors] for row in board.rows],
        widths=(2, 3, 8, 3, 2),
    )


def averages(document: Document, board: Deliberation) -> None:
    document.heading(_("Moyennes par critère"))
    for row in board.rows:
        document.paragraph(f"{row.application.organisation} — {row.application.title}")
        document.table(
            [_("Critère"), _("Moyenne"), _("Écart-type"), _("Min–max"), _("Notes atypiques")],
            [[cell.criterion.name, decimal(cell.mean), decimal(cell.summary.deviation),
              "" if cell.summary.low is None else f"{cell.summary.low}–{cell.summary.high}",
              len(cell.summary.outliers) or ""] for cell in row.cells],
            widths=(6, 2, 2, 2, 2),
        )


def decisions(document: Document, call: Call, board: Deliberation) -> None:
    document.heading(_("Décisions"))
    rows = []
    for row in board.rows:
        decision = getattr(row.application, "decision", None)
        rows.append([
            row.application.organisation, decision_label(row),
            euros(decision.amount) if decision and decision.amount else "",
            decision.in_kind if decision else "", decision.motivation if decision else "",
        ])
    document.table([_("Structure"), _("Décision"), _("Montant"), _("En nature"),
                    _("Motivation")], rows, widths=(3, 2, 2, 2, 5))
    document.paragraph(_("Total des aides accordées : %s.") % euros(total_granted(call)))


# CSV -------------------------------------------------------------------------------------


def csv_text(call: Call) -> str:
    """One line per application and criterion: its aggregate, then each juror's score."""
    board = deliberation(call)
    labels = list(board.labels.items())
    out = io.StringIO()
    writer = spreadsheets.Writer(out)
    writer.writerow([
        _("rang"), _("dossier"), _("structure"), _("projet"), _("moyenne pondérée"),
        _("critère"), _("poids"), _("moyenne"), _("écart-type"), _("note min"), _("note max"),
        _("juré·es"), _("notes atypiques"), _("décision"), _("montant accordé (€)"),
        *[label for _pk, label in labels],
    ])
    for row in board.rows:
        decision = getattr(row.application, "decision", None)
        for cell in row.cells:
            given = {entry.score.juror_id: entry.score.value for entry in cell.entries}
            summary = cell.summary
            writer.writerow([
                rank_label(row), row.application.reference or "", row.application.organisation,
                row.application.title, decimal(row.weighted_mean), cell.criterion.name,
                cell.criterion.weight, decimal(cell.mean), decimal(summary.deviation),
                "" if summary.low is None else summary.low,
                "" if summary.high is None else summary.high, summary.count,
                len(summary.outliers), decision_label(row),
                decision.amount if decision and decision.amount else "",
                *[given.get(pk, "") for pk, _label in labels],
            ])
    return out.getvalue()
