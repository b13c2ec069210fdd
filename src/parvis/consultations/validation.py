"""Checks on a question's settings, shared by the back office forms and the models."""

from django.utils.translation import gettext as _

from parvis.consultations.question_types import CHOICE_TYPES, SCALE_TYPES, QuestionType


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _range_errors(settings, required: bool) -> list[str]:
    low, high = settings.get("min"), settings.get("max")
    if required and (low is None or high is None):
        return [_("Indiquez le minimum et le maximum de l'échelle (min, max).")]
    if any(v is not None and not _number(v) for v in (low, high)):
        return [_("Le minimum et le maximum doivent être des nombres.")]
    if low is not None and high is not None and low > high:
        return [_("Le minimum doit être inférieur ou égal au maximum.")]
    if required and (not isinstance(low, int) or not isinstance(high, int) or high - low > 20):
        return [_("L'échelle va d'un entier à un autre, 21 valeurs au plus.")]
    return []


def _choice_count_errors(settings) -> list[str]:
    low, high = settings.get("min_choices"), settings.get("max_choices")
    if any(v is not None and (not isinstance(v, int) or v < 0) for v in (low, high)):
        return [_("Les nombres de choix doivent être des entiers positifs.")]
    if low is not None and high is not None and low > high:
        return [_("Le nombre minimal de choix doit être inférieur ou égal au maximal.")]
    return []


def _rows_errors(settings) -> list[str]:
    rows = settings.get("rows")
    if not isinstance(rows, list) or not rows or not all(
        isinstance(row, str) and row.strip() for row in rows
    ):
        return [_("Une grille demande une liste de lignes non vides (rows).")]
    return []


def settings_errors(question_type: str, settings) -> list[str]:
    if not isinstance(settings, dict):
        return [_("Les réglages doivent être un objet JSON.")]
    errors = []
    if question_type in SCALE_TYPES:
        errors += _range_errors(settings, required=True)
    if question_type == QuestionType.NUMBER:
        errors += _range_errors(settings, required=False)
    if question_type == QuestionType.MULTIPLE:
        errors += _choice_count_errors(settings)
    if question_type == QuestionType.MATRIX:
        errors += _rows_errors(settings)
    return errors


def condition_errors(question) -> list[str]:
    """show_if must point to an earlier question of the same consultation."""
    source = question.show_if_question
    if source is None:
        return []
    if not isinstance(question.show_if_values, list) or not question.show_if_values:
        return [_("Indiquez les réponses qui font afficher la question.")]
    if source.section.consultation_id != question.section.consultation_id:
        return [_("La condition doit porter sur une question de la même consultation.")]
    earlier = (source.section.order, source.section_id, source.order, source.pk or 0) < (
        question.section.order,
        question.section_id,
        question.order,
        question.pk or float("inf"),
    )
    if not earlier:
        return [_("La condition doit porter sur une question placée avant celle-ci.")]
    return []


def question_errors(question) -> dict[str, list[str]]:
    """Errors by field of a question (settings and condition); choices are checked by the
    back office form, which sees the choices being edited."""
    errors = {}
    if settings_errors_list := settings_errors(question.type, question.settings):
        errors["settings"] = settings_errors_list
    if question.section_id and (condition := condition_errors(question)):
        errors["show_if_question"] = condition
    return errors


def needs_choices(question_type: str) -> bool:
    return question_type in CHOICE_TYPES
