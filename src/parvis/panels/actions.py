"""Where citizen panels let people do what a process' phases open (see
`parvis.core.modules`): volunteer while a panel recruits."""

from django.urls import reverse

from parvis.core.modules import ActionPoint, open_sample
from parvis.panels.models import Panel, PanelStatus
from parvis.panels.recruitment import volunteer_decision
from parvis.processes.models import Action, Process

ACTIONS = [
    ActionPoint(Action.APPLY, "volunteer for a panel",
                decide=volunteer_decision,
                page=lambda panel: reverse("panels:volunteer", args=[panel.slug]),
                sample=lambda: open_sample(
                    Panel.objects.filter(status=PanelStatus.RECRUITING,
                                         process__in=Process.objects.published()).order_by("pk"),
                    Action.APPLY, "recruiting panel")),
]
