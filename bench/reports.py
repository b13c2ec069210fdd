"""Issue reports under load: gunicorn (4 workers) and PostgreSQL, on 127.0.0.1 only.

Three scenarios, each with concurrent clients, a bounded number of requests and a time limit:
  submit  Open311 POST of a report with a 2 MB JPEG photo (multipart file `media`): the whole
          submission path (checks, routing, the photo kept for its processing task, storage,
          e-mails queued; the photo's re-encoding runs later in `parvis worker`).
  map     the public map data (GeoJSON over the metropolis' bounding box) among at least
          10,000 reports.
  health  /sante/, a trivial view that asks the database one query: the reference for ratios.

DATABASE_URL must point to a PostgreSQL server and a role that may create databases: the bench
creates (if needed), migrates and fills its own database `parvis_bench` there. The clients run
on the same machine as the server, so they take a share of its processors.

    DATABASE_URL=postgres://parvis:parvis@127.0.0.1:5432/parvis python -m bench.reports
"""

import argparse
import io
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests
from PIL import Image
from psycopg import sql

BENCH_DATABASE = "parvis_bench"
WORKERS = 4
MAP_REPORTS = 10_000
PHOTO_BYTES = 2_000_000
METROPOLIS_BBOX = "-0.80,44.75,-0.45,45.00"  # west,south,east,north
SCENARIO_REQUESTS = {"health": 3000, "map": 1000, "submit": 120}


@dataclass
class Scenario:
    name: str
    requests: int
    send: Callable[[requests.Session], requests.Response]


@dataclass
class Result:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, rank: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[rank - 1] * 1000


def bench_database(server_url: str, name: str = BENCH_DATABASE) -> str:
    """The URL of the bench's own database `name` on the server of `server_url`, created if
    needed."""
    parts = urlsplit(server_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("DATABASE_URL must point to PostgreSQL (postgres://user:password@host/db).")
    with psycopg.connect(server_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare_data() -> str:
    """Migrate, load the demo (categories, routing, services), make sure there are enough
    reports for the map, and return an Open311 API key."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from parvis.core.models import User
    from parvis.core.services.tokens import create_token

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    add_reports(MAP_REPORTS)
    # An integration's key: it may create Open311 requests, at the bench's pace.
    _token, key = create_token(User.objects.filter(is_superuser=True).first(), "Bench",
                               scopes=("open311:write",), requests_per_hour=10**6)
    connections.close_all()
    return key


def add_reports(total: int) -> None:
    """Reports spread over the communes, written in bulk, until there are `total`."""
    from parvis.core.models import Commune
    from parvis.reports import services
    from parvis.reports.models import Category, Report

    missing = total - Report.objects.count()
    rng = random.Random(2026)  # noqa: S311 - reproducible bench data
    communes, categories = list(Commune.objects.all()), list(Category.objects.all())
    routes = {}
    reports = []
    for _number in range(max(missing, 0)):
        commune, category = rng.choice(communes), rng.choice(categories)
        key = (category.pk, commune.pk)
        routes[key] = routes.get(key) or services.route(category, commune)
        reports.append(Report(
            tracking_code="".join(rng.choices(services.TRACKING_ALPHABET, k=8)),
            follow_token=f"bench-{rng.getrandbits(128):032x}",
            category=category, commune=commune, service=routes[key],
            title="Signalement de charge", description="Créé par le banc d'essai.",
            latitude=commune.latitude + rng.uniform(-0.01, 0.01),
            longitude=commune.longitude + rng.uniform(-0.01, 0.01),
        ))
    Report.objects.bulk_create(reports, batch_size=2000, ignore_conflicts=True)


def noisy_jpeg(target: int = PHOTO_BYTES) -> bytes:
    """A JPEG of about `target` bytes: noise does not compress, like a detailed photo."""
    rng = random.Random(2026)  # noqa: S311 - test image
    width = 1200
    while True:
        height = width * 3 // 4
        buffer = io.BytesIO()
        image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
        image.save(buffer, "JPEG", quality=85)
        if buffer.tell() >= target * 0.97:
            return buffer.getvalue()
        width = int(width * math.sqrt(target / buffer.tell())) + 16


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    return subprocess.Popen([
        sys.executable, "-m", "gunicorn", "parvis.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", "120",
        "--log-level", "warning",
    ])


def wait_until_up(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/sante/", timeout=5).ok:
                return
        except requests.RequestException:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer within {seconds:.0f} s.")


def measure(scenario: Scenario, concurrency: int, seconds: float) -> Result:
    """Up to `scenario.requests` requests from `concurrency` clients, for at most `seconds`
    (after a short unmeasured warm-up)."""
    with requests.Session() as session:
        for _warm_up in range(concurrency):
            scenario.send(session)
    result = Result(scenario.name, seconds=0)
    lock = threading.Lock()
    sent = 0
    stop_at = time.monotonic() + seconds

    def take_turn() -> bool:
        nonlocal sent
        with lock:
            sent += 1
            return sent <= scenario.requests and time.monotonic() < stop_at

    def client() -> None:
        with requests.Session() as session:
            while take_turn():
                started = time.perf_counter()
                try:
                    ok = scenario.send(session).ok
                except requests.RequestException:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    result.latencies.append(elapsed)
                    result.errors += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(client) for _client in range(concurrency)]:
            future.result()
    result.seconds = time.perf_counter() - started
    return result


def scenarios(base: str, key: str, photo: bytes) -> list[Scenario]:
    rng = random.Random(7)  # noqa: S311 - points spread around Bordeaux

    def submit(session):
        return session.post(f"{base}/open311/v2/requests.json", timeout=120, data={
            "api_key": key, "service_code": "voirie", "description": "Nid-de-poule profond.",
            "lat": 44.838 + rng.uniform(-0.01, 0.01), "long": -0.579 + rng.uniform(-0.01, 0.01),
        }, files={"media": ("photo.jpg", photo, "image/jpeg")})

    return [
        Scenario("health", SCENARIO_REQUESTS["health"],
                 lambda session: session.get(f"{base}/sante/", timeout=60)),
        Scenario("map", SCENARIO_REQUESTS["map"], lambda session: session.get(
            f"{base}/signalements/carte/donnees.geojson", params={"bbox": METROPOLIS_BBOX},
            timeout=60)),
        Scenario("submit", SCENARIO_REQUESTS["submit"], submit),
    ]


def print_results(results: list[Result], concurrency: int, photo_size: int) -> None:
    reference = results[0]
    print(f"gunicorn {WORKERS} sync workers + PostgreSQL on 127.0.0.1, {os.cpu_count()} CPUs"
          f" shared with the clients; {concurrency} concurrent clients; photo"
          f" {photo_size / 1e6:.2f} MB")
    print(f"{'scenario':<10}{'requests':>9}{'errors':>7}{'req/s':>9}{'p50 ms':>9}"
          f"{'p95 ms':>9}{'req/s ratio':>13}{'p50 ratio':>11}")
    for result in results:
        print(f"{result.name:<10}{len(result.latencies):>9}{result.errors:>7}"
              f"{result.throughput:>9.1f}{result.percentile(50):>9.1f}"
              f"{result.percentile(95):>9.1f}"
              f"{result.throughput / reference.throughput:>13.3f}"
              f"{result.percentile(50) / reference.percentile(50):>11.1f}")
    print("Ratios are relative to the trivial view (health): req/s ratio = share of its"
          " throughput, p50 ratio = times its median latency.")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=60,
                        help="time limit of each scenario")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (see python -m bench.reports -h).")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="parvis-bench-") as data_dir:
        os.environ.update({
            "DATABASE_URL": bench_database(os.environ["DATABASE_URL"]),
            "DJANGO_SETTINGS_MODULE": "parvis.settings",
            "PARVIS_DATA_DIR": data_dir,
            "SITE_URL": f"http://127.0.0.1:{port}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            "EMAIL_URL": "dummy://",
            "LOG_LEVEL": "WARNING",
        })
        key = prepare_data()
        photo = noisy_jpeg()
        base = f"http://127.0.0.1:{port}"
        server = serve(port)
        try:
            wait_until_up(base)
            plan = scenarios(base, key, photo)
            results = [measure(scenario, options.concurrency, options.seconds)
                       for scenario in plan]
        finally:
            server.terminate()
            server.wait(timeout=30)
    print_results(results, options.concurrency, len(photo))


if __name__ == "__main__":
    main()
