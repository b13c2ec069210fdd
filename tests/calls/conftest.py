"""Fixtures shared by the calls-for-projects tests (applications, jury, decisions)."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.calls.demo import CLIC_ET_DECLIC_CRITERIA
from parvis.calls.jury import assign_juror
from parvis.calls.models import Application, ApplicationStatus, BudgetLine, Call, Criterion
from parvis.core.models import VerificationLevel
from parvis.processes.models import Phase, Process

DAY = timedelta(days=1)
_counter = itertools.count()


@pytest.fixture
def make_call(db):
    """A published call of a published process, open from yesterday for 10 days, with the
    7 "Clic et Déclic" criteria; `fields` override the call's fields."""

    def make(**fields):
        number = next(_counter)
        now = timezone.now()
        process = Process.objects.create(
            title=f"Appel à projets {number}", slug=f"appel-{number}", summary="Résumé",
            description="Description", is_published=True,
        )
        Phase.objects.create(process=process, title="Candidatures", starts_at=now - DAY,
                             ends_at=now + 10 * DAY, actions=["apply"])
        fields = {
            "title": f"Clic et Déclic {number}", "slug": f"clic-et-declic-{number}",
            "description": "Un appel pour l'**inclusion numérique**.",
            "eligibility": "Associations et structures de l'économie sociale et solidaire.",
            "launched_at": now - DAY, "deadline": now + 10 * DAY,
            "jury_at": (now + 20 * DAY).date(), "decision_at": (now + 30 * DAY).date(),
            "start_at": (now + 60 * DAY).date(), "evaluation_at": (now + 400 * DAY).date(),
            "min_amount": 40_000, "max_amount": 80_000,
            "in_kind_support": "100 PC à reconditionner", "is_published": True,
            **fields,
        }
        call = Call.objects.create(process=process, **fields)
        for position, (name, weight) in enumerate(CLIC_ET_DECLIC_CRITERIA):
            Criterion.objects.create(call=call, name=str(name), weight=weight, position=position)
        return call

    return make


@pytest.fixture
def call(make_call):
    return make_call()


@pytest.fixture
def applicant(make_user):
    """An organisation's contact: confirmed e-mail."""
    return make_user(pseudonym="Contact", first_name="Camille", last_name="Confidentiel",
                     email="camille.confidentiel@example.org",
                     verification_level=VerificationLevel.EMAIL)


@pytest.fixture
def make_application(db):
    """A complete application (balanced budget, indicators); submitted unless told otherwise."""

    def make(call, contact, status=ApplicationStatus.SUBMITTED, **fields):
        number = next(_counter)
        submitted = status != ApplicationStatus.DRAFT
        fields = {
            "organisation": f"Association {number}", "organisation_kind": "Association",
            "presentation": "Une association de quartier.",
            "title": f"Projet {number}", "summary": "Des ateliers numériques pour tous.",
            "project": "Ateliers hebdomadaires.",
            "target_public": "Personnes éloignées du numérique.",
            "beneficiaries": 100, "indicators": "Nombre de personnes accompagnées.",
            "requested_amount": 50_000,
            "submitted_at": timezone.now() if submitted else None,
            "reference": f"T-{number:05d}" if submitted else None,
            **fields,
        }
        application = Application.objects.create(call=call, contact=contact, status=status,
                                                 **fields)
        amount = application.requested_amount or 0
        BudgetLine.objects.create(application=application, kind=BudgetLine.Kind.EXPENSE,
                                  label="Animateurs", amount=amount + 10_000)
        BudgetLine.objects.create(application=application, kind=BudgetLine.Kind.RESOURCE,
                                  label="Aide demandée", amount=amount, position=0)
        BudgetLine.objects.create(application=application, kind=BudgetLine.Kind.RESOURCE,
                                  label="Fonds propres", amount=10_000, position=1)
        return application

    return make


# Jury, decisions and laureates -------------------------------------------------------------


@pytest.fixture
def judged_call(make_call):
    """A call whose submission deadline passed yesterday: the jury may work on it."""
    now = timezone.now()
    return make_call(launched_at=now - 30 * DAY, deadline=now - DAY)


@pytest.fixture
def make_juror(make_user):
    """Seat a new account on a call's jury (through the jury service)."""

    def make(call, elected=False, title="", **fields):
        return assign_juror(None, call, make_user(**fields), is_elected_official=elected,
                            title=title)

    return make
