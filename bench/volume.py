"""Reports at volume: list pages, map data, the agents' inbox, the API and the open-data
exports with 10,000 reports, then with 1,000,000, on PostgreSQL.

For each page: the number of database queries and the median server time (Django's test
client in this process, no network) at both sizes, and their ratio; the query plan of the
page's slowest query at the large size. For each export (CSV, GeoJSON of every report,
streamed): the time and the peak memory (RSS) of a process that serves it to the end, at
both sizes. Pages should keep their number of queries and stay within 2× their time; exports
should keep a flat memory.

DATABASE_URL must point to a PostgreSQL server and a role that may create databases: the bench
fills its own databases `parvis_bench_volume_<size>` (kept between runs: the first run spends
a few minutes writing the reports).

    DATABASE_URL=postgres://parvis:parvis@127.0.0.1:5432/parvis python -m bench.volume
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from bench.reports import bench_database

DATABASE = "parvis_bench_volume"  # one database per size: parvis_bench_volume_10000…
SERVER_URL = ""
SMALL, LARGE = 10_000, 1_000_000
RUNS = 15
AGENT = "agent@demo.parvis.test"
PAGES = {
    "public list": "/signalements/",
    "public list, page 400": "/signalements/?page=400",
    "public list, one category": "/signalements/?category=voirie",
    "map data": "/signalements/carte/donnees.geojson?bbox=-0.80,44.75,-0.45,45.00",
    "agent inbox": "/signalements/gestion/",
    "agent inbox, open": "/signalements/gestion/?status=open",
    "API list": "/api/v1/reports",
}
EXPORTS = {"CSV": "/signalements/export.csv", "GeoJSON": "/signalements/export.geojson"}


@dataclass
class PageMeasure:
    queries: int
    median_ms: float
    plan: list[str]


@dataclass
class ExportMeasure:
    seconds: float
    megabytes: float
    peak_rss_mb: float


def setup_django() -> None:
    import django

    django.setup()


def prepare() -> None:
    """Migrate and load the demo once (communes, categories, routing, services, accounts)."""
    from django.core.management import call_command

    from parvis.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.filter(email=AGENT).exists():
        call_command("load_demo", stdout=io.StringIO())


def fill_to(total: int) -> None:
    """Add reports written by one SQL statement per batch until there are `total`: spread over
    every (category, commune) pair with its routed service, 70 % of them resolved or rejected,
    created over the last three years, each with a tracking code that writes its number in
    the codes' alphabet."""
    from django.db import connection

    from parvis.core.models import Commune
    from parvis.reports import services
    from parvis.reports.models import Category, Report

    missing = total - Report.objects.count()
    if missing <= 0:
        return
    pairs = [(category.pk, commune.pk, services.route(category, commune).pk,
              commune.latitude, commune.longitude)
             for category in Category.objects.all() for commune in Commune.objects.all()]
    values = ",".join(f"({index},{c},{m},{s},{lat},{lon})"
                      for index, (c, m, s, lat, lon) in enumerate(pairs))
    alphabet = services.TRACKING_ALPHABET
    code = " || ".join(f"substr('{alphabet}', (1 + (g / {len(alphabet) ** place}) % "
                       f"{len(alphabet)})::int, 1)" for place in reversed(range(8)))
    first = Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    batch = 200_000
    with connection.cursor() as cursor:
        for start in range(first + 1, first + missing + 1, batch):
            end = min(start + batch, first + missing + 1) - 1
            cursor.execute(f"""
                INSERT INTO reports_report (tracking_code, follow_token, category_id, title,
                    description, address, commune_id, latitude, longitude, photo, thumbnail,
                    attributes, me_too_count, status, service_id, source, contact_email,
                    contact_name, contact_phone, created_at, updated_at, closed_at,
                    photo_status, photo_refusal, photo_original, photo_withheld)
                SELECT {code}, 'volume-' || g, p.category,
                    'Signalement de charge', 'Créé par le banc d''essai.', '', p.commune,
                    p.lat + (random() - 0.5) / 50, p.lon + (random() - 0.5) / 50, '', '',
                    '{{}}', 0,
                    (ARRAY['resolved','resolved','resolved','resolved','resolved','resolved',
                           'rejected','new','acknowledged','in_progress'])[1 + g % 10],
                    p.service, 'web', '', '', '',
                    now() - (g % 1000000) * interval '94 seconds',
                    now() - (g % 1000000) * interval '94 seconds' + interval '2 days',
                    CASE WHEN g % 10 < 7
                         THEN now() - (g % 1000000) * interval '94 seconds' + interval '2 days'
                    END, '', '', '', false
                FROM generate_series({start}, {end}) AS g
                JOIN (VALUES {values}) AS p(idx, category, commune, service, lat, lon)
                  ON p.idx = g % {len(pairs)}
                ON CONFLICT DO NOTHING
            """)  # noqa: S608 - numbers and ids computed above, no outside input
            print(f"  … {end - first:,} of {missing:,} reports written", file=sys.stderr)
        cursor.execute("ANALYZE reports_report")


def measure_pages() -> dict[str, PageMeasure]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parvis.core.models import User

    anonymous, agent = Client(), Client()
    agent.force_login(User.objects.get(email=AGENT))
    measures = {}
    for name, url in PAGES.items():
        client = agent if "inbox" in name else anonymous
        for _warm_up in range(2):
            assert client.get(url).status_code == 200, url  # noqa: S101 - a bench sanity check
        times = []
        for _run in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        measures[name] = PageMeasure(len(queries), statistics.median(times),
                                     slowest_plan(queries.captured_queries))
    return measures


def slowest_plan(queries: list[dict]) -> list[str]:
    """The plan (EXPLAIN ANALYZE) of the slowest of these queries that read the reports."""
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            if '"reports_report"' not in query["sql"]:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0][0]
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plans.append((plan["Execution Time"], [row[0] for row in cursor.fetchall()]))
    return max(plans, default=(0, ["(no query reads the reports)"]))[1]


def serve_export(url: str) -> None:
    """(In a child process.) Stream one export to the end and print its size."""
    setup_django()
    from django.test import Client

    started = time.perf_counter()
    size = sum(len(part) for part in Client().get(url).streaming_content)
    print(json.dumps({"bytes": size, "seconds": time.perf_counter() - started}))


def run_child(*arguments: str) -> tuple[dict, float]:
    """Run this bench's child mode; its JSON output and its peak memory (RSS, MB)."""
    child = subprocess.Popen([sys.executable, "-m", "bench.volume", *arguments],
                             stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    if status:
        sys.exit(f"bench.volume {' '.join(arguments)} failed.")
    return json.loads(output.splitlines()[-1]), usage.ru_maxrss / 1024


def measure_size(size: int) -> tuple[dict[str, PageMeasure], dict[str, ExportMeasure]]:
    """Fill the database of this size, then measure its pages and each export, each in a
    process of its own."""
    os.environ["DATABASE_URL"] = bench_database(SERVER_URL, f"{DATABASE}_{size}")
    pages, _rss = run_child("--measure-pages", str(size))
    exports = {}
    for name, url in EXPORTS.items():
        result, rss = run_child("--serve-export", url)
        exports[name] = ExportMeasure(result["seconds"], result["bytes"] / 1e6, rss)
    return {name: PageMeasure(**page) for name, page in pages.items()}, exports


def print_results(small, large, sizes) -> None:
    (small_pages, small_exports), (large_pages, large_exports) = small, large
    print(f"\nPages, {sizes[0]:,} then {sizes[1]:,} reports (median of {RUNS} requests, "
          "server time in this process):")
    print(f"{'page':<28}{'queries':>9}{'queries':>9}{'ms':>9}{'ms':>9}{'ratio':>8}")
    for name in PAGES:
        low, high = small_pages[name], large_pages[name]
        print(f"{name:<28}{low.queries:>9}{high.queries:>9}{low.median_ms:>9.1f}"
              f"{high.median_ms:>9.1f}{high.median_ms / low.median_ms:>8.2f}")
    print("\nExports of every report, streamed to the end (one process each):")
    print(f"{'export':<10}{'MB':>9}{'MB':>9}{'s':>8}{'s':>8}{'peak RSS MB':>13}{'peak RSS MB':>13}")
    for name in EXPORTS:
        low, high = small_exports[name], large_exports[name]
        print(f"{name:<10}{low.megabytes:>9.1f}{high.megabytes:>9.1f}{low.seconds:>8.1f}"
              f"{high.seconds:>8.1f}{low.peak_rss_mb:>13.0f}{high.peak_rss_mb:>13.0f}")
    print(f"\nQuery plans of each page's slowest query at {sizes[1]:,} reports:")
    for name in PAGES:
        print(f"-- {name}")
        for line in large_pages[name].plan:
            print(f"   {line}")


def main() -> None:
    global SERVER_URL  # noqa: PLW0603 - the server given on the command line, set once
    parser = argparse.ArgumentParser(prog="python -m bench.volume", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=SMALL)
    parser.add_argument("--large", type=int, default=LARGE)
    parser.add_argument("--measure-pages", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-export", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_export:
        serve_export(options.serve_export)
        return
    if options.measure_pages:
        setup_django()
        prepare()
        fill_to(options.measure_pages)
        pages = measure_pages()
        print(json.dumps({name: vars(page) for name, page in pages.items()}))
        return
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (see python -m bench.volume -h).")
    SERVER_URL = os.environ["DATABASE_URL"]
    with tempfile.TemporaryDirectory(prefix="parvis-bench-") as data_dir:
        os.environ.update({
            "DJANGO_SETTINGS_MODULE": "parvis.settings", "PARVIS_DATA_DIR": data_dir,
            "ALLOWED_HOSTS": "testserver", "DEBUG": "0", "EMAIL_URL": "dummy://",
            "LOG_LEVEL": "ERROR", "TWO_FACTOR_REQUIRED": "0",
        })
        small = measure_size(options.small)
        large = measure_size(options.large)
    print_results(small, large, (options.small, options.large))


if __name__ == "__main__":
    main()
