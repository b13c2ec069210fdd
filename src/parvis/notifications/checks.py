"""Deployment check (`parvis check --deploy`): notifications on devices need sound keys."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from parvis.notifications import push


@register(Tags.security, deploy=True)
def web_push_check(app_configs, **kwargs):
    if not settings.WEB_PUSH or (problem := push.settings_problem()) is None:
        return []
    return [Error(f"WEB_PUSH is on but {problem}",
                  hint="Run `parvis vapid_keys` and set the pair it prints, or unset WEB_PUSH.",
                  id="parvis.E008")]
