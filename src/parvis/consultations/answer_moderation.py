"""Moderation of free-text answers: none is shown in the public results until an agent
publishes it; a rejected one is never shown. Both decisions are audit-logged."""

from django.db.models import QuerySet
from django.utils import timezone

from parvis.consultations.models import Answer, Consultation
from parvis.consultations.question_types import TEXT_TYPES
from parvis.core import audit


def pending_texts(consultation: Consultation) -> QuerySet[Answer]:
    """Submitted free-text answers awaiting a decision, oldest first."""
    return (
        Answer.objects.filter(
            response__consultation=consultation,
            response__is_draft=False,
            question__type__in=TEXT_TYPES,
            published_at__isnull=True,
            rejected_at__isnull=True,
        )
        .select_related("question")
        .order_by("pk")
    )


def publish(moderator, answer: Answer) -> None:
    answer.published_at = timezone.now()
    answer.save(update_fields=["published_at"])
    audit.record(moderator, "consultation.answer_published", answer,
                 consultation=answer.question.section.consultation.slug)


def reject(moderator, answer: Answer) -> None:
    answer.rejected_at = timezone.now()
    answer.save(update_fields=["rejected_at"])
    audit.record(moderator, "consultation.answer_rejected", answer,
                 consultation=answer.question.section.consultation.slug)
