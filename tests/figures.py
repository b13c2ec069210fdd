"""Per-page figures the quality gates measure (axe violations, EcoIndex, weight…), printed
in one table at the end of the run.

A gate fills the `gate_figures` dictionary of its test ({page: {column: value}}); the
dictionary travels with the test's report, so the table gathers the figures of every
worker process when the suite runs in parallel."""

import pytest

PROPERTY = "gate_figures"
COLUMN_ORDER = ["axe mobile", "axe desktop", "axe form errors", "low contrast",
                "DOM", "requests", "KB", "EcoIndex", "grade"]


@pytest.fixture
def gate_figures(request):
    figures: dict[str, dict] = {}
    yield figures
    request.node.user_properties.append((PROPERTY, figures))


_collected: dict[str, dict] = {}  # page -> column -> value, in the process that reports


def pytest_runtest_logreport(report):
    if report.when != "teardown":
        return
    for name, figures in report.user_properties:
        if name == PROPERTY:
            for page, row in figures.items():
                _collected.setdefault(page, {}).update(row)


def pytest_terminal_summary(terminalreporter):
    if not _collected:
        return
    columns = sorted({column for row in _collected.values() for column in row},
                     key=column_order)
    rows = [["page", *columns]]
    rows += [[name, *(str(row.get(column, "")) for column in columns)]
             for name, row in _collected.items()]
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    terminalreporter.write_sep("=", "Parvis quality gates: per-page figures")
    for row in rows:
        terminalreporter.write_line(
            " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        )


def column_order(column):
    return COLUMN_ORDER.index(column) if column in COLUMN_ORDER else len(COLUMN_ORDER)
