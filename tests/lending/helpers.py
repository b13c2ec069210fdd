"""Helpers of the lending tests."""

from parvis.lending import conventions, services

BODY = ("Convention entre la Métropole et {member} ({pseudonym}), membre du panel {panel}.\n\n"
        "Appareil : {device}, n° de série {serial}, accessoires : {accessories}.\n\n"
        "Prêt du {start} au {end}.")


def accept(loan, template):
    """The borrower accepts online the convention they were shown."""
    text = services.render_convention(loan, template)
    return services.accept_convention(loan, loan.borrower, conventions.fingerprint(text))
