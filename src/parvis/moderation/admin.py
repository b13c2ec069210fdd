"""Moderation records in the back office: read-only lists for administrators (moderators
work in the moderation queue, where every decision goes through the services)."""

from django.contrib import admin

from parvis.core.admin import AdministratorsOnly, ReadOnlyAdmin
from parvis.moderation.models import Appeal, CharterAcceptance, Decision, Flag


class AdministratorsOnlyRecords(AdministratorsOnly, ReadOnlyAdmin):
    """Read-only moderation records, for administrators."""


@admin.register(Flag)
class FlagAdmin(AdministratorsOnlyRecords):
    list_display = ["created_at", "item", "reason", "reporter", "closed_at"]
    list_filter = ["reason"]
    list_select_related = ["item__content_type", "reporter"]
    date_hierarchy = "created_at"


@admin.register(Decision)
class DecisionAdmin(AdministratorsOnlyRecords):
    list_display = ["created_at", "item", "action", "moderator", "reason"]
    list_filter = ["action"]
    list_select_related = ["item__content_type", "moderator"]
    date_hierarchy = "created_at"


@admin.register(Appeal)
class AppealAdmin(AdministratorsOnlyRecords):
    list_display = ["created_at", "item", "author", "decided_at"]
    list_select_related = ["item__content_type", "author"]
    date_hierarchy = "created_at"


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(AdministratorsOnlyRecords):
    list_display = ["accepted_at", "user", "version"]
    list_filter = ["version"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__pseudonym"]
