"""The kinds of questions a consultation asks, and their families."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiples")
    RANKING = "ranking", _("classement")
    SCALE = "scale", _("échelle")
    YES_NO = "yes_no", _("oui / non")
    SHORT_TEXT = "short_text", _("texte court")
    LONG_TEXT = "long_text", _("texte long")
    NUMBER = "number", _("nombre")
    DATE = "date", _("date")
    MATRIX = "matrix", _("grille (matrice)")
    MAP_POINT = "map_point", _("point sur une carte")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.RANKING}
SCALE_TYPES = {QuestionType.SCALE, QuestionType.MATRIX}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}
