"""Recognising attached documents by their content: PDF, OpenDocument text, Word (DOCX)."""

import zipfile

KINDS = ("pdf", "odt", "docx")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def kind(file) -> str | None:
    """"pdf", "odt", "docx" or None, from the bytes of `file` (a file object, rewound)."""
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    try:
        if head == b"%PDF-":
            return "pdf"
        if head[:4] != b"PK\x03\x04":
            return None
        return _zipped_kind(file)
    finally:
        file.seek(0)


def _zipped_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names:
                return "docx"
    except zipfile.BadZipFile:
        return None
    return None
