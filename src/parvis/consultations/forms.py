"""The answering form as the templates draw it: each question with what was typed and its
error; and the back office forms that check a question's settings and choices."""

import json
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.consultations import answers
from parvis.consultations.models import Question, Section
from parvis.consultations.validation import needs_choices


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False
    token: str = ""


@dataclass
class QuestionField:
    """One question ready to draw: its options reflect the form data (typed or saved)."""

    question: Question
    spec: answers.QuestionSpec
    data: object
    error: str = ""
    condition: str = ""
    condition_values: str = ""
    options: list[Option] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.spec.name

    def value(self, suffix: str = "") -> str:
        raw = self.data.get(self.name + suffix, "")
        return raw if isinstance(raw, str) else ""

    def other_value(self) -> str:
        return self.value("_other")

    def lat_value(self) -> str:
        return self.value("_lat")

    def lon_value(self) -> str:
        return self.value("_lon")

    def is_group(self) -> bool:
        return self.spec.type not in {"short_text", "long_text", "number", "date"}


def _checked_values(data, name: str) -> list[str]:
    return data.getlist(name) if hasattr(data, "getlist") else []


def _choice_options(item: QuestionField) -> list[Option]:
    checked = set(_checked_values(item.data, item.name))
    options = [Option(str(pk), label, str(pk) in checked, label)
               for pk, label in item.spec.choices.items()]
    if item.spec.has_other:
        options.append(Option(answers.OTHER, _("Autre, précisez"), answers.OTHER in checked,
                              _("Autre")))
    return options


def _scale_options(item: QuestionField, suffix: str = "") -> list[Option]:
    current = item.value(suffix)
    return [Option(str(number), str(number), str(number) == current, str(number))
            for number in item.spec.scale()]


def _fill(item: QuestionField) -> None:
    spec = item.spec
    if spec.type in {"single", "multiple"}:
        item.options = _choice_options(item)
    elif spec.type == "ranking":
        ranks = [str(rank) for rank in range(1, len(spec.choices) + 1)]
        item.rows = [{"name": f"{item.name}_{pk}", "label": label,
                      "selected": item.value(f"_{pk}"), "ranks": ranks}
                     for pk, label in spec.choices.items()]
    elif spec.type == "scale":
        item.options = _scale_options(item)
    elif spec.type == "yes_no":
        current = item.value()
        item.options = [Option("yes", _("Oui"), current == "yes", _("Oui")),
                        Option("no", _("Non"), current == "no", _("Non"))]
    elif spec.type == "matrix":
        item.options = _scale_options(item)
        item.rows = [{"name": f"{item.name}_r{index}", "label": label,
                      "options": _scale_options(item, f"_r{index}")}
                     for index, label in enumerate(spec.rows())]


def _condition(question: Question, labels: dict[int, str]) -> str:
    values = " / ".join(f"« {value} »" for value in question.show_if_values)
    message = _(
        "Répondez seulement si vous avez répondu %(values)s à la question « %(question)s »."
    )
    return message % {"values": values, "question": labels.get(question.show_if_question_id, "")}


def answer_sections(questions, specs, data, errors) -> list[tuple[Section, list[QuestionField]]]:
    """The questions grouped by section, each filled with `data` and its error."""
    labels = {question.pk: question.label for question in questions}
    sections: list[tuple[Section, list[QuestionField]]] = []
    for question in questions:
        item = QuestionField(question, specs[question.pk], data, errors.get(question.pk, ""))
        if question.show_if_question_id:
            item.condition = _condition(question, labels)
            item.condition_values = json.dumps([str(v) for v in question.show_if_values])
        _fill(item)
        if not sections or sections[-1][0].pk != question.section_id:
            sections.append((question.section, []))
        sections[-1][1].append(item)
    return sections


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "section", "label", "type", "help_text", "required", "order", "settings",
            "has_other", "show_if_question", "show_if_values",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "show_if_question" in self.fields and self.instance.section_id:
            self.fields["show_if_question"].queryset = Question.objects.filter(
                section__consultation=self.instance.section.consultation
            ).exclude(pk=self.instance.pk)


class ChoiceFormSet(forms.BaseInlineFormSet):
    """A single choice, multiple choice or ranking question needs at least two choices."""

    def clean(self):
        super().clean()
        if any(self.errors) or not needs_choices(self.instance.type):
            return
        kept = [form for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if len(kept) < 2:
            raise forms.ValidationError(gettext_lazy(
                "Cette question demande au moins deux choix de réponse."))
