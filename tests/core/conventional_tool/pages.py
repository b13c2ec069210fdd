from parvis.core import modules


def public_pages() -> list[modules.PublicPage]:
    return [modules.PublicPage("conventional-tool", "conventional_tool:index")]
