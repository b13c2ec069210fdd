"""Building the application form's POST data (main form and formsets) and PDF letters."""

from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.core.pdf import Document

COMPLETE = {
    "organisation": "Les Connecteurs", "organisation_kind": "Association", "siret": "",
    "presentation": "Une association de quartier.", "title": "Ateliers numériques",
    "summary": "Des ateliers pour tous.", "project": "Des ateliers chaque semaine.",
    "target_public": "Personnes éloignées du numérique.", "beneficiaries": "100",
    "indicators": "Nombre de personnes accompagnées", "requested_amount": "50000",
}


def pdf_letter(name="lettre.pdf") -> SimpleUploadedFile:
    document = Document("Lettre d'intention")
    document.paragraph("Nous soutenons ce projet.")
    return SimpleUploadedFile(name, document.to_bytes(), content_type="application/pdf")


def formset(prefix: str, rows, fields, initial=0) -> dict:
    """`rows`: tuples of values for `fields`, with the row's id first for the `initial` ones."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        if index < initial:
            data[f"{prefix}-{index}-id"] = str(row[0])
            row = row[1:]
        data.update({f"{prefix}-{index}-{name}": value
                     for name, value in zip(fields, row, strict=True)})
    return data


def form_data(action="save", expenses=(("Animateurs", "60000"),),
              resources=(("Fonds propres", "10000"),), partners=(), **fields) -> dict:
    """A new application's POST: complete by default, `fields` override the main form."""
    return {
        "action": action, **COMPLETE, **fields,
        **formset("depenses", list(expenses), ["label", "amount"]),
        **formset("ressources", list(resources), ["label", "amount"]),
        **formset("partenaires", list(partners), ["name", "role", "letter"]),
    }
