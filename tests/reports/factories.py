"""Volume data for query-count and streaming tests."""

from django.db import connection

from parvis.reports.models import Report, Status
from parvis.reports.services import TRACKING_ALPHABET


def bulk_reports(number, service, category, commune, start=0):
    """Reports inserted in one executemany, for volume (bulk_create spends seconds preparing
    10,000 rows): the constant columns are prepared once; tracking codes use the real alphabet.
    """
    template = Report(category=category, description="…", commune=commune, service=service)
    fields = [field for field in Report._meta.concrete_fields if not field.primary_key]
    constant = {field.attname: field.get_db_prep_save(field.pre_save(template, True), connection)
                for field in fields}
    statuses = list(Status)

    def row(n):
        varying = {
            "tracking_code": "".join(TRACKING_ALPHABET[n // 32 ** i % 32] for i in range(8)),
            "follow_token": f"bulk-{n}", "title": f"Signalement {n}", "me_too_count": n % 7,
            "status": statuses[n % len(statuses)].value,
        }
        return [varying.get(field.attname, constant[field.attname]) for field in fields]

    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:  # names from the model, values as parameters
        cursor.executemany(
            f"INSERT INTO {Report._meta.db_table} ({columns}) VALUES ({placeholders})",  # noqa: S608
            [row(n) for n in range(start, start + number)],
        )
