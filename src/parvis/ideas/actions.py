"""Where idea boxes let people do what a process' phases open (see `parvis.core.modules`)."""

from django.urls import reverse

from parvis.core.modules import ActionPoint, open_sample
from parvis.ideas.models import Idea, IdeaBox
from parvis.ideas.permissions import submit_decision, support_decision
from parvis.processes.models import Action, Process


def open_box() -> IdeaBox:
    boxes = IdeaBox.objects.filter(process__in=Process.objects.published()).order_by("pk")
    return open_sample(boxes, Action.SUBMIT, "idea box")


def supportable_idea() -> Idea:
    ideas = Idea.objects.listed().select_related("box__process").order_by("pk")
    return open_sample((idea for idea in ideas if idea.is_supportable), Action.SUPPORT, "idea",
                       process=box_process)


def box_process(idea: Idea) -> Process:
    return idea.box.process


ACTIONS = [
    ActionPoint(Action.SUBMIT, "propose an idea",
                decide=lambda box, user: submit_decision(user, box),
                page=lambda box: reverse("ideas:propose", args=[box.slug]),
                sample=open_box),
    ActionPoint(Action.SUPPORT, "support an idea",
                decide=lambda idea, user: support_decision(user, idea),
                page=lambda idea: idea.get_absolute_url(),
                post=lambda idea: reverse("ideas:support", args=[idea.pk]),
                sample=supportable_idea, process=box_process),
]
