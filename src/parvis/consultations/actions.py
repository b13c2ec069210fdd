"""Where consultations let people do what a process' phases open (see
`parvis.core.modules`): answer."""

from parvis.consultations.models import Audience, Consultation
from parvis.consultations.permissions import answer_decision
from parvis.core.modules import ActionPoint, open_sample
from parvis.processes.models import Action, Process

ACTIONS = [
    ActionPoint(Action.ANSWER, "answer a consultation open to everyone",
                decide=answer_decision,
                page=lambda consultation: consultation.get_absolute_url(),
                sample=lambda: open_sample(
                    Consultation.objects.filter(
                        is_published=True, audience=Audience.ANYONE,
                        process__in=Process.objects.published()).order_by("pk"),
                    Action.ANSWER, "consultation open to everyone"),
                anonymous=True),
]
