"""The private files lending stores: the signed copies of a loan's convention
(`core:private_file`)."""

from parvis.core import modules
from parvis.lending import permissions, services

PRIVATE_FILES = {"convention": modules.PrivateFile(
    model="lending.ConventionAcceptance", field="pdf",
    may_read=permissions.can_read_convention_copy,
    filename=services.convention_filename, opened=services.convention_opened,
)}
