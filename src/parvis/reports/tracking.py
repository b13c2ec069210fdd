"""Keeping track of a report without an account: its tracking code typed back in the
« Suivre un signalement » form, and its private follow-up link e-mailed on request."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core import links, throttle
from parvis.core.errors import DomainError
from parvis.core.mail import queue_mail
from parvis.reports.models import Report
from parvis.reports.services import TRACKING_ALPHABET

CODE_LENGTH = 8
CODE_PATTERN = re.compile(f"[{TRACKING_ALPHABET}]{{{CODE_LENGTH}}}")


class FollowLinkRefused(DomainError):
    pass


def normalise_code(typed: str) -> str:
    """The tracking code as stored, from what a person typed (lower case, spaces and dashes
    allowed: « k7m2-q9xa »); "" if it cannot be one."""
    code = re.sub(r"[\s\-.]", "", typed).upper()
    return code if CODE_PATTERN.fullmatch(code) else ""


def follow_url(report: Report) -> str:
    """The report's private follow-up page on the site's public address."""
    return links.absolute(reverse("reports:follow", args=[report.follow_token]))


def follow_link_hits(report: Report, ip_address: str | None) -> list[throttle.Hit]:
    rate = settings.REPORTS_FOLLOW_LINK_EMAILS_PER_HOUR
    return [throttle.Hit(throttle.Rate("reports.follow_link", rate, 3600), report.follow_token),
            throttle.Hit(throttle.Rate("reports.follow_link_ip", rate * 3, 3600), ip_address)]


def send_follow_link(report: Report, email: str, ip_address: str | None = None) -> None:
    """Queue an e-mail holding the report's follow-up link to `email` (which is not kept);
    a few per report and per client address an hour."""
    try:
        throttle.take(*follow_link_hits(report, ip_address))
    except throttle.Throttled as refusal:
        raise FollowLinkRefused(_(
            "Ce lien a déjà été envoyé plusieurs fois : réessayez dans %(minutes)d minutes.")
            % {"minutes": refusal.minutes_left}, field="email") from None
    queue_mail(email, _("Votre lien de suivi du signalement %(code)s") % {
        "code": report.tracking_code}, render_to_string("reports/email/follow_link.txt", {
            "report": report, "follow_url": follow_url(report)}))
