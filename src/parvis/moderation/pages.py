"""The public pages of moderation, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""



from parvis.core.modules import PublicPage


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("moderation-charter", "moderation:charter"),
        PublicPage("moderation-report", "moderation:report"),
    ]
