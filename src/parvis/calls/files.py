"""The private files calls store: the partners' letters of support (`core:private_file`)."""

from parvis.calls import applications
from parvis.core import modules

PRIVATE_FILES = {"letter": modules.PrivateFile(
    model="calls.Partner", field="letter", may_read=applications.can_read_letter,
    filename=applications.letter_filename,
)}
