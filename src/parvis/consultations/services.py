"""Domain rules of consultations: reading a submitted form, saving responses and drafts."""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.consultations import answers
from parvis.consultations.models import Answer, Consultation, Question, Response, Site
from parvis.core import audit, throttle

REQUIRED = _("Cette question est obligatoire.")


class AlreadyAnswered(Exception):
    """This person (or device) has already sent a response that cannot be changed."""


class TooManyResponses(Exception):
    """Too many anonymous responses from one address in the last hour."""


def questions_of(consultation: Consultation) -> list[Question]:
    return list(
        Question.objects.filter(section__consultation=consultation)
        .select_related("section")
        .prefetch_related("choices")
    )


def spec_of(question: Question) -> answers.QuestionSpec:
    return answers.QuestionSpec(
        pk=question.pk,
        type=question.type,
        settings=question.settings,
        choices={choice.pk: choice.label for choice in question.choices.all()},
        has_other=question.has_other,
    )


@dataclass
class Reading:
    """What a submitted form says: values and errors by question pk, and shown questions."""

    values: dict[int, object] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    shown: set[int] = field(default_factory=set)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def is_shown(question: Question, specs: dict, reading: Reading) -> bool:
    """A conditional question counts only when its source is shown and answered as asked."""
    source_pk = question.show_if_question_id
    if source_pk is None:
        return True
    if source_pk not in reading.shown or source_pk not in specs:
        return False
    words = answers.tokens(specs[source_pk], reading.values.get(source_pk))
    return bool(words & set(map(str, question.show_if_values)))


def read(questions: list[Question], data, draft: bool = False) -> Reading:
    """Parse every shown question; a draft does not need its required answers yet."""
    specs = {question.pk: spec_of(question) for question in questions}
    reading = Reading()
    for question in questions:
        if not is_shown(question, specs, reading):
            continue
        reading.shown.add(question.pk)
        spec = specs[question.pk]
        parsed = answers.parse(spec, data)
        if parsed.error:
            reading.errors[question.pk] = parsed.error
        elif question.required and not draft and answers.is_incomplete(spec, parsed.value):
            reading.errors[question.pk] = REQUIRED
        elif parsed.value is not None:
            reading.values[question.pk] = parsed.value
    return reading


def form_data(questions: list[Question], response: Response | None) -> dict[str, list[str]]:
    """The saved answers of a response as form data, to fill the form again."""
    if response is None:
        return {}
    saved = {answer.question_id: answer.value for answer in response.answers.all()}
    data = {}
    for question in questions:
        if question.pk in saved:
            data.update(answers.to_data(spec_of(question), saved[question.pk]))
    return data


def summary(questions: list[Question], response: Response) -> list[tuple[str, str]]:
    """The person's saved answers, question by question, as they read them back."""
    saved = {answer.question_id: answer.value for answer in response.answers.all()}
    return [(question.label, answers.display(spec_of(question), saved[question.pk]))
            for question in questions if question.pk in saved]


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def find_response(consultation: Consultation, user, device_token: str = "") -> Response | None:
    if user.is_authenticated and consultation.is_identified:
        return consultation.responses.filter(respondent=user).first()
    if device_token:
        return consultation.responses.filter(
            device_token=device_token, respondent__isnull=True
        ).first()
    return None


def can_change(consultation: Consultation, response: Response | None) -> bool:
    return response is None or response.is_draft or consultation.allow_changes


def _anonymous_hit(ip_address: str | None) -> throttle.Hit:
    rate = throttle.Rate("consultations.anonymous", settings.CONSULTATIONS_ANONYMOUS_PER_HOUR,
                         3600)
    return throttle.Hit(rate, ip_address)


def _write_answers(response: Response, values: dict[int, object]) -> None:
    response.answers.exclude(question_id__in=values).delete()
    for question_pk, value in values.items():
        Answer.objects.update_or_create(
            response=response, question_id=question_pk, defaults={"value": value}
        )


def _new_response(consultation, user, device_token, site, draft) -> Response:
    identified = consultation.is_identified
    try:
        with transaction.atomic():
            return Response.objects.create(
                consultation=consultation,
                respondent=user if identified else None,
                device_token="" if identified else device_token,
                site=site,
                is_draft=draft,
                is_anonymous_audience=not identified,
            )
    except IntegrityError:  # the same person's other submission got there first
        raise AlreadyAnswered from None


@transaction.atomic
def save_response(
    consultation: Consultation,
    user,
    values: dict[int, object],
    *,
    draft: bool = False,
    device_token: str = "",
    site: Site | None = None,
    ip_address: str | None = None,
) -> Response:
    """Store a response (or a draft): one per person, or per device without accounts.

    The same row is updated while it is a draft, and after sending if the consultation
    allows changes; the database refuses a second row for one person."""
    if draft and not (user.is_authenticated and consultation.is_identified):
        raise ValueError("Drafts are for signed-in respondents.")
    response = find_response(consultation, user, device_token)
    if not can_change(consultation, response):
        raise AlreadyAnswered
    anonymous = not consultation.is_identified
    if anonymous and response is None:
        try:
            throttle.take(_anonymous_hit(ip_address))
        except throttle.Throttled:
            raise TooManyResponses from None
    now = timezone.now()
    changed = response is not None and not response.is_draft
    if response is None:
        response = _new_response(consultation, user, device_token, site, draft)
    response.is_draft = draft
    response.updated_at = now
    response.site = response.site or site
    if not draft and response.submitted_at is None:
        response.submitted_at = now
    response.save()
    _write_answers(response, values)
    if not draft:
        action = "consultation.response_changed" if changed else "consultation.response_sent"
        audit.record(user, action, consultation, response=response.pk)
    return response


def detach_respondent(user) -> None:
    """On account deletion: drafts are deleted, sent answers stay without the person."""
    Response.objects.filter(respondent=user, is_draft=True).delete()
    Response.objects.filter(respondent=user).update(respondent=None)


@transaction.atomic
def save_built(obj, actor, created: bool):
    """Save a consultation or one of its parts from the back office, with an audit entry."""
    obj.save()
    consultation = obj if isinstance(obj, Consultation) else _consultation_of(obj)
    verb = "created" if created else "updated"
    audit.record(actor, f"consultation.{obj._meta.model_name}_{verb}", consultation,
                 item=str(obj)[:200])
    return obj


def _consultation_of(obj) -> Consultation:
    if isinstance(obj, Question):
        return obj.section.consultation
    if hasattr(obj, "question"):
        return obj.question.section.consultation
    return obj.consultation
