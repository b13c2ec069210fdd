"""A cluster on this machine under mixed load, with a web server and a worker killed mid-run.

PostgreSQL + Redis (cache, sessions, rate limits) + two gunicorn web servers + two
`parvis worker` processes + an SMTP sink, all on 127.0.0.1. The database holds 1,000,000
reports and 200,000 ballots of a past budget (written once, kept between runs). Clients
spread over both servers (as a proxy would) drive a mixed load: the whole vote flow, report
submissions with a photo (Open311), the public list and map data, API reads. A third of the
way in, one web server and one worker are killed with SIGKILL, then restarted.

It prints requests per second and p50/p95 per operation, and checks: every acknowledged
ballot and report stored exactly once; every e-mail of the outbox delivered exactly once;
a token's rate limit held across both servers; the task queue drained after the restart;
the memory of each web process over the run.

    DATABASE_URL=postgres://parvis:parvis@127.0.0.1:5432/parvis python -m bench.cluster
"""

import argparse
import email
import os
import shutil
import signal
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench import vote
from bench.reports import bench_database, free_port, noisy_jpeg, wait_until_up
from bench.volume import fill_to

DATABASE = "parvis_bench_cluster"
REPORTS, BALLOTS = 1_000_000, 200_000
WEB_WORKERS = 3
TOKEN_LIMIT = 20
METROPOLIS_BBOX = "-0.80,44.75,-0.45,45.00"


# An SMTP sink: counts every message it accepts, by Message-ID --------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), SmtpHandler)
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            verb = line[:4].decode(errors="replace").upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 sink")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                message = email.message_from_bytes(data)
                with self.server.lock:
                    self.server.received[message.get("Message-ID", "")] += 1
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


# The cluster ------------------------------------------------------------------------------


@dataclass
class Cluster:
    env: dict
    ports: list[int]
    webs: dict[int, subprocess.Popen] = field(default_factory=dict)
    workers: dict[int, subprocess.Popen] = field(default_factory=dict)
    down: set[int] = field(default_factory=set)

    def start_web(self, port: int) -> None:
        self.webs[port] = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "parvis.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(WEB_WORKERS),
             "--timeout", "120", "--log-level", "warning"], env=self.env)

    def start_worker(self, number: int) -> None:
        self.workers[number] = subprocess.Popen(
            [str(Path(sys.executable).parent / "parvis"), "worker"], env=self.env,
            stdout=subprocess.DEVNULL)

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait()

    def rss_mb(self) -> dict[int, float]:
        """Resident memory of each server's gunicorn workers (MB, summed), by port."""
        sizes = {}
        for port, web in self.webs.items():
            children = subprocess.run(["pgrep", "-P", str(web.pid)], capture_output=True,
                                      text=True, check=False).stdout.split()
            sizes[port] = sum(_rss(int(pid)) for pid in children) / 1024
        return sizes

    def stop(self) -> None:
        for process in [*self.webs.values(), *self.workers.values()]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.webs.values(), *self.workers.values()]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


# Data ---------------------------------------------------------------------------------------


def prepare(voters: int, reports: int, ballots: int):
    """Migrate, load the demo once, fill to a million reports and 200,000 past ballots; a
    fresh open vote with its voters; the tokens. Returns (vote plan, write key, read key)."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    from parvis.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.filter(email="agent@demo.parvis.test").exists():
        call_command("load_demo", stdout=io.StringIO())
    fill_to(reports)
    past_ballots(ballots)
    plan = vote.prepare(voters)
    from parvis.core.services.tokens import create_token

    admin = User.objects.filter(is_superuser=True).first()
    _token, write_key = create_token(admin, "Banc grappe", scopes=("open311:write",),
                                     requests_per_hour=10**6)
    _token, read_key = create_token(admin, "Banc limite", requests_per_hour=TOKEN_LIMIT)
    from django.db import connections

    connections.close_all()
    return plan, write_key, read_key


def past_ballots(total: int) -> None:
    """A closed budget of the past with `total` ballots (verified identities, two choices
    each), written by SQL once."""
    from django.db import connection
    from django.utils import timezone

    from parvis.budgets.models import Ballot, Budget, Project, ProjectStatus, SubBudget
    from parvis.processes.models import Process

    existing = Ballot.objects.filter(budget__slug="banc-passe").count()
    if existing >= total:
        return
    process, _ = Process.objects.get_or_create(
        slug="banc-passe", defaults={"title": "Budget passé du banc", "summary": "Banc.",
                                     "description": "Banc.", "is_published": True})
    budget, _ = Budget.objects.get_or_create(slug="banc-passe", defaults={
        "process": process, "title": "Budget passé du banc", "amount": 1_000_000})
    envelope, _ = SubBudget.objects.get_or_create(budget=budget, name="Métropole",
                                                  defaults={"amount": 1_000_000})
    projects = list(Project.objects.filter(budget=budget).values_list("pk", flat=True)) or [
        Project.objects.create(budget=budget, sub_budget=envelope, title=f"Projet passé {number}",
                               description="Banc.", status=ProjectStatus.ELIGIBLE,
                               estimated_cost=50_000, cost=50_000).pk for number in range(10)]
    last = Ballot.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO budgets_ballot (budget_id, identity_hash, channel, receipt_code,
                                        cast_at, updated_at)
            SELECT %s, md5('banc-' || g), 'online', 'PASSE-' || g, %s, %s
            FROM generate_series(%s, %s) AS g
        """, [budget.pk, timezone.now(), timezone.now(), existing + 1, total])
        cursor.execute("""
            INSERT INTO budgets_ballotchoice (ballot_id, project_id, points)
            SELECT b.id, p.project, 1 FROM budgets_ballot b
            CROSS JOIN LATERAL (VALUES ((%s::bigint[])[1 + b.id %% 10]),
                                       ((%s::bigint[])[1 + (b.id + 1) %% 10]))
                AS p(project)
            WHERE b.budget_id = %s AND b.id > %s
        """, [projects, projects, budget.pk, last])
    print(f"  {total:,} past ballots written", file=sys.stderr)


# Load ---------------------------------------------------------------------------------------


@dataclass
class Load:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: Counter = field(default_factory=Counter)
    reports: list[str] = field(default_factory=list)  # acknowledged service_request_ids
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, started: float, ok: bool) -> None:
        with self.lock:
            self.latencies[name].append(time.perf_counter() - started)
            if not ok:
                self.failures[name] += 1


def pick(cluster: Cluster, turn: int) -> str:
    """A server that is up, as the proxy would choose (it skips one it saw fail)."""
    live = [port for port in cluster.ports if port not in cluster.down] or cluster.ports
    return f"http://127.0.0.1:{live[turn % len(live)]}"


def reads(cluster: Cluster, load: Load, turn: int) -> None:
    base = pick(cluster, turn)
    pages = {"public list": f"{base}/signalements/",
             "map data": f"{base}/signalements/carte/donnees.geojson?bbox={METROPOLIS_BBOX}",
             "API reads": f"{base}/api/v1/reports?page={1 + turn % 50}"}
    for name, url in pages.items():
        started = time.perf_counter()
        try:
            ok = requests.get(url, timeout=60).ok
        except requests.RequestException:
            ok = False
        load.record(name, started, ok)


def submit(cluster: Cluster, load: Load, turn: int, key: str, photo: bytes) -> None:
    base = pick(cluster, turn)
    started = time.perf_counter()
    try:
        response = requests.post(f"{base}/open311/v2/requests.json", timeout=120, data={
            "api_key": key, "service_code": "voirie", "description": f"Banc grappe {turn}.",
            "lat": 44.838 + (turn % 100) / 10_000, "long": -0.579,
        }, files={"media": ("photo.jpg", photo, "image/jpeg")})
        ok = response.ok
        if ok:
            with load.lock:
                load.reports.extend(item["service_request_id"] for item in response.json())
    except requests.RequestException:
        ok = False
    load.record("report with photo", started, ok)


def vote_flow(cluster: Cluster, load: Load, plan, voter: int, tally) -> None:
    started = time.perf_counter()
    before = len(tally.errors)
    vote.cast(pick(cluster, voter), plan, voter, 1, tally)
    load.record("vote (3 requests)", started, len(tally.errors) == before)


def rate_limit_held(cluster: Cluster, key: str) -> tuple[int, int]:
    """Twice the token's hourly limit, at once, over both servers: (accepted, refused)."""
    def ask(turn):
        base = f"http://127.0.0.1:{cluster.ports[turn % 2]}"
        return requests.get(f"{base}/api/v1/me", timeout=60,
                            headers={"Authorization": f"Bearer {key}"}).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = Counter(pool.map(ask, range(2 * TOKEN_LIMIT)))
    return codes[200], codes[429]


def faults(cluster: Cluster, at: float, log: list[str]) -> None:
    """SIGKILL a web server and a worker at `at` seconds, restart them 5 s later."""
    time.sleep(at)
    port = cluster.ports[0]
    cluster.down.add(port)
    cluster.kill(cluster.webs[port])
    cluster.kill(cluster.workers[0])
    log.append(f"{time.strftime('%H:%M:%S')} SIGKILL web server :{port} and worker 0")
    time.sleep(5)
    cluster.start_worker(0)
    cluster.start_web(port)
    wait_until_up(f"http://127.0.0.1:{port}")
    cluster.down.discard(port)
    log.append(f"{time.strftime('%H:%M:%S')} restarted both")


# Checks ------------------------------------------------------------------------------------


def queue_depth() -> int:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).count()


def wait_drained(seconds: float) -> tuple[bool, float]:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if queue_depth() == 0:
            return True, time.perf_counter() - started
        time.sleep(1)
    return False, seconds


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=180, help="length of the load")
    parser.add_argument("--clients", type=int, default=12, help="concurrent clients")
    parser.add_argument("--voters", type=int, default=600)
    parser.add_argument("--reports", type=int, default=REPORTS, help="reports in the database")
    parser.add_argument("--ballots", type=int, default=BALLOTS,
                        help="ballots of a past budget in the database")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (see python -m bench.cluster -h).")
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed (Debian package redis-server).")
    redis_port, smtp_port = free_port(), free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)
    sink = SmtpSink(smtp_port)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    ports = [free_port(), free_port()]
    with tempfile.TemporaryDirectory(prefix="parvis-bench-") as data_dir:
        os.environ.update({
            "DATABASE_URL": bench_database(os.environ["DATABASE_URL"], DATABASE),
            "DJANGO_SETTINGS_MODULE": "parvis.settings", "PARVIS_DATA_DIR": data_dir,
            "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "0", "LOG_LEVEL": "ERROR",
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "SITE_URL": "http://127.0.0.1",
            "MEDIA_ROOT": str(Path(data_dir) / "media"), "TWO_FACTOR_REQUIRED": "0",
            # The task of the killed worker is taken for dead after a minute (instead of the
            # default quarter of an hour), so it is recovered within the run.
            "TASKS_LEASE_SECONDS": "60", "TASKS_SWEEP_SECONDS": "10",
        })
        plan, write_key, read_key = prepare(options.voters, options.reports, options.ballots)
        from django.utils import timezone

        since = timezone.now()
        cluster = Cluster(dict(os.environ), ports)
        photo = noisy_jpeg(1_000_000)
        try:
            for port in ports:
                cluster.start_web(port)
            for number in range(2):
                cluster.start_worker(number)
            for port in ports:
                wait_until_up(f"http://127.0.0.1:{port}")
            results = run_load(cluster, plan, write_key, photo, options)
            accepted, refused = rate_limit_held(cluster, read_key)
            drained, drain_seconds = wait_drained(300)
        finally:
            cluster.stop()
            redis.terminate()
            sink.shutdown()
        report_results(results, plan, since, sink, (accepted, refused), drained, drain_seconds,
                       options)


def run_load(cluster, plan, write_key, photo, options):
    load, tally, log = Load(), vote.Tally(), []
    memory = [cluster.rss_mb()]
    stop_at = time.perf_counter() + options.seconds
    threading.Thread(target=faults, args=[cluster, options.seconds / 3, log], daemon=True).start()
    voters = iter(range(options.voters))
    lock = threading.Lock()

    def client(number):
        turn = number
        while time.perf_counter() < stop_at:
            turn += options.clients
            kind = turn % 6
            if kind < 2:
                with lock:
                    voter = next(voters, None)
                if voter is not None:
                    vote_flow(cluster, load, plan, voter, tally)
                    continue
            if kind == 2:
                submit(cluster, load, turn, write_key, photo)
            else:
                reads(cluster, load, turn)

    def sample_memory():
        while time.perf_counter() < stop_at:
            time.sleep(options.seconds / 6)
            memory.append(cluster.rss_mb())

    threading.Thread(target=sample_memory, daemon=True).start()
    started = time.perf_counter()
    with ThreadPoolExecutor(options.clients) as pool:
        list(pool.map(client, range(options.clients)))
    return load, tally, log, memory, time.perf_counter() - started


def report_results(results, plan, since, sink, limit, drained, drain_seconds, options) -> None:
    from parvis.core.mail import message_id_header
    from parvis.core.models import OutboxMessage
    from parvis.reports.models import Report

    load, tally, log, memory, seconds = results
    print(f"Cluster on 127.0.0.1, {os.cpu_count()} CPUs shared with the clients: PostgreSQL,"
          f" Redis, 2 gunicorn servers × {WEB_WORKERS} workers, 2 task workers;"
          f" {options.reports:,} reports and {options.ballots:,} past ballots; load for"
          f" {seconds:.0f} s")
    for line in log:
        print("  ", line)
    print(f"{'operation':<20}{'requests':>9}{'failed':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, latencies in sorted(load.latencies.items()):
        p50, p95 = (statistics.quantiles(latencies, n=100)[rank - 1] * 1000
                    for rank in (50, 95)) if len(latencies) > 1 else (0, 0)
        print(f"{name:<20}{len(latencies):>9}{load.failures[name]:>8}"
              f"{len(latencies) / seconds:>8.1f}{p50:>9.0f}{p95:>9.0f}")
    stored_ballots = vote.stored_codes(plan.slug)
    acknowledged = {code for codes in tally.acknowledged.values() for code in codes}
    stored = {code for codes in stored_ballots.values() for code in codes}
    reports = Counter(Report.objects.filter(tracking_code__in=load.reports)
                      .values_list("tracking_code", flat=True))
    messages = OutboxMessage.objects.filter(created_at__gte=since)
    statuses = Counter(messages.values_list("status", flat=True))
    ids = [message_id_header(pk) for pk in messages.values_list("pk", flat=True)]
    delivered = Counter({message_id: sink.received[message_id] for message_id in ids})
    accepted, refused = limit
    checks = {
        f"{len(acknowledged)} acknowledged ballots stored exactly once":
            acknowledged <= stored and all(len(c) == 1 for c in stored_ballots.values()),
        f"{len(load.reports)} acknowledged reports stored exactly once":
            len(reports) == len(set(load.reports)) and all(n == 1 for n in reports.values()),
        f"{len(ids)} outbox e-mails delivered exactly once ({dict(statuses)})":
            all(count == 1 for count in delivered.values()) and len(delivered) == len(ids),
        f"token limit {TOKEN_LIMIT}/h held over both servers: {accepted} accepted,"
        f" {refused} refused": accepted == TOKEN_LIMIT,
        f"task queue drained {drain_seconds:.0f} s after the load": drained,
    }
    for name, passed in checks.items():
        print(f"{'ok  ' if passed else 'FAIL'} {name}")
    print("memory of each web server's workers (MB) over the run: "
          + "; ".join(f":{port} " + " → ".join(f"{sample[port]:.0f}" for sample in memory)
                      for port in memory[0]))


if __name__ == "__main__":
    main()
