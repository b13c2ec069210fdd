import parvis_a_module_that_does_not_exist  # noqa: F401


def load() -> None:
    pass
