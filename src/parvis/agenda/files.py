"""The private files the agenda stores: the documents of an event (`core:private_file`)."""

from parvis.agenda import permissions
from parvis.agenda.models import EventDocument
from parvis.core import modules

PRIVATE_FILES = {"document": modules.PrivateFile(
    model="agenda.EventDocument", field="file", may_read=permissions.can_read_document,
    filename=EventDocument.download_name,
)}
