"""Ballot casting under load: gunicorn (4 workers) and PostgreSQL, on 127.0.0.1 only.

Voters cast their ballot concurrently over HTTP as a browser without JavaScript does: the
ballot page (for its CSRF token), the POST of the choices (a knapsack ballot within budget),
then the POST of the confirmation, the one that stores the ballot. A share of the voters
send that confirmation several times at once (a double click, two tabs): one stores, the
others are refused (HTTP 409) or, arriving once it is stored, shown its receipt. The bench
prints ballots per second and latencies, and checks that the ballots acknowledged (answered
with a receipt code) are exactly the ballots stored, one per voter.

DATABASE_URL must point to a PostgreSQL server and a role that may create databases: the bench
migrates its own database `parvis_bench` there (as bench.reports does) and adds a fresh budget
and fresh voters at each run. Sessions are created in the database for the voters, as a login
would; the clients run on the same machine as the server and take a share of its processors.

    DATABASE_URL=postgres://parvis:parvis@127.0.0.1:5432/parvis python -m bench.vote
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

import requests

from bench.reports import WORKERS, bench_database, free_port, serve, wait_until_up

PROJECTS = {"metropolis": 20, "bordeaux": 10}
AMOUNTS = {"metropolis": 600_000, "bordeaux": 400_000}
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_CODE = re.compile(r'class="receipt-code">([A-Z0-9-]+)<')


@dataclass
class Plan:
    slug: str
    sessions: list[str]
    projects: dict[str, list[tuple[int, int]]]  # sub-budget → (project pk, cost)


@dataclass
class Tally:
    """What the clients saw."""

    acknowledged: dict[int, list[str]] = field(default_factory=dict)  # voter → receipt codes
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    confirm_latencies: list[float] = field(default_factory=list)
    flow_latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare(voters: int) -> Plan:
    """Migrate; create a budget whose vote is open, its projects, voters living in Bordeaux
    and a logged-in session for each."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from parvis.budgets.models import BallotFormat, Budget, Project, ProjectStatus, SubBudget
    from parvis.core.models import Commune, User, VerificationLevel
    from parvis.core.services.territory import load_communes
    from parvis.processes.models import Action, Phase, Process

    call_command("migrate", interactive=False, verbosity=0)
    if not Commune.objects.exists():
        load_communes()
    bordeaux = Commune.objects.get(slug="bordeaux")
    stamp = f"{time.time_ns():x}"
    now = timezone.now()
    process = Process.objects.create(title=f"Banc d'essai {stamp}", slug=f"banc-{stamp}",
                                     summary="Banc d'essai du vote.", description="Banc.",
                                     is_published=True)
    Phase.objects.create(process=process, title="Vote", starts_at=now - timedelta(hours=1),
                         ends_at=now + timedelta(days=1), actions=[Action.VOTE])
    budget = Budget.objects.create(
        process=process, title=f"Budget du banc {stamp}", slug=f"banc-{stamp}",
        amount=sum(AMOUNTS.values()), ballot_format=BallotFormat.KNAPSACK,
        ballot_changeable=False,
    )
    rng = random.Random(2027)  # noqa: S311 - reproducible bench data
    projects = {}
    for name, count in PROJECTS.items():
        sub_budget = SubBudget.objects.create(
            budget=budget, name=name, amount=AMOUNTS[name],
            commune=bordeaux if name == "bordeaux" else None,
        )
        created = Project.objects.bulk_create(
            Project(budget=budget, sub_budget=sub_budget, title=f"Projet {name} {number}",
                    description="Projet du banc d'essai.", status=ProjectStatus.ELIGIBLE,
                    estimated_cost=cost, cost=cost)
            for number, cost in enumerate(rng.choices(range(10_000, 150_001, 1000), k=count))
        )
        projects[name] = [(project.pk, project.cost) for project in created]
    password = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"banc-{stamp}-{number}@example.invalid", pseudonym=f"b{stamp}{number}",
             password=password, commune=bordeaux, verification_level=VerificationLevel.EMAIL)
        for number in range(voters)
    )
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    sessions = []
    for person in people:
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    connections.close_all()
    return Plan(budget.slug, sessions, projects)


def knapsack_choice(rng: random.Random, projects: list[tuple[int, int]], amount: int):
    """Projects picked at random while they fit in the amount."""
    chosen, spent = [], 0
    for pk, cost in rng.sample(projects, k=len(projects)):
        if spent + cost <= amount and len(chosen) < 6:
            chosen.append(pk)
            spent += cost
    return chosen


def confirm(base: str, slug: str, cookies, form: dict, voter: int, tally: Tally) -> None:
    """POST the confirmation; a redirection to the receipt acknowledges the ballot, a 409
    refuses a duplicate."""
    code, status = "", "no answer"
    with requests.Session() as http:
        http.cookies.update(cookies)
        started = time.perf_counter()
        try:
            response = http.post(f"{base}/budgets/{slug}/voter/confirmer/", timeout=120,
                                 data=form, allow_redirects=False)
            elapsed = time.perf_counter() - started
            status = response.status_code
            if status == 302 and response.headers["Location"].endswith("/recu/"):
                receipt = RECEIPT_CODE.search(http.get(base + response.headers["Location"],
                                                       timeout=120).text)
                code = receipt.group(1) if receipt else ""
        except requests.RequestException as error:
            elapsed, status = time.perf_counter() - started, repr(error)
    with tally.lock:
        tally.confirm_latencies.append(elapsed)
        if code:
            tally.acknowledged.setdefault(voter, []).append(code)
        elif status == 409:
            tally.refused += 1
        else:
            tally.errors.append(f"voter {voter}: confirmation {status}")


def cast(base: str, plan: Plan, voter: int, copies: int, tally: Tally) -> None:
    rng = random.Random(voter)  # noqa: S311 - choices of a simulated voter
    started = time.perf_counter()
    with requests.Session() as http:
        http.cookies.set("sessionid", plan.sessions[voter])
        url = f"{base}/budgets/{plan.slug}/voter/"
        chosen = [pk for name, projects in plan.projects.items()
                  for pk in knapsack_choice(rng, projects, AMOUNTS[name])]
        try:
            form = CSRF_TOKEN.search(http.get(url, timeout=120).text)
            token = form.group(1) if form else ""
            sent = token and http.post(url, timeout=120, allow_redirects=False, data={
                "csrfmiddlewaretoken": token, "projets": chosen})
            failure = "" if sent and sent.status_code == 302 else "no ballot form or refused"
        except requests.RequestException as error:
            failure = repr(error)
        if failure:
            with tally.lock:
                tally.errors.append(f"voter {voter}: {failure}")
            return
        # The confirmation's form: the CSRF token (the pending choices are in a cookie).
        form = {"csrfmiddlewaretoken": token}
        racers = [threading.Thread(target=confirm, args=[base, plan.slug, http.cookies, form,
                                                        voter, tally]) for _copy in range(copies)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
    with tally.lock:
        tally.flow_latencies.append(time.perf_counter() - started)


def stored_codes(slug: str) -> dict[int, list[str]]:
    from parvis.budgets.models import Ballot

    stored = {}
    for voter, code in Ballot.objects.filter(budget__slug=slug).values_list(
            "voter", "receipt_code"):
        stored.setdefault(voter, []).append(code)
    return stored


def milliseconds(latencies: list[float], rank: int) -> float:
    return statistics.quantiles(latencies, n=100)[rank - 1] * 1000


def report(plan: Plan, tally: Tally, seconds: float, concurrency: int, duplicated: int,
           copies: int) -> bool:
    stored = stored_codes(plan.slug)
    stored_set = {code for codes in stored.values() for code in codes}
    acknowledged_set = {code for codes in tally.acknowledged.values() for code in codes}
    ballots = len(acknowledged_set)
    print(f"gunicorn {WORKERS} sync workers + PostgreSQL on 127.0.0.1, {os.cpu_count()} CPUs"
          f" shared with the clients; {concurrency} concurrent voters; {len(plan.sessions)}"
          f" voters, {duplicated} of them confirming {copies} times at once")
    answers = sum(len(codes) for codes in tally.acknowledged.values())
    print(f"ballots acknowledged {ballots}, stored {len(stored_set)}; duplicate confirmations:"
          f" {tally.refused} refused (HTTP 409), {answers - ballots} shown the stored receipt;"
          f" errors {len(tally.errors)}")
    print(f"throughput {ballots / seconds:.1f} ballots/s over {seconds:.1f} s (whole flow:"
          " ballot page, choices, confirmation)")
    print(f"confirmation (stores the ballot): p50 {milliseconds(tally.confirm_latencies, 50):.1f}"
          f" ms, p95 {milliseconds(tally.confirm_latencies, 95):.1f} ms")
    print(f"whole flow per voter: p50 {milliseconds(tally.flow_latencies, 50):.1f} ms,"
          f" p95 {milliseconds(tally.flow_latencies, 95):.1f} ms")
    checks = {
        "every acknowledged ballot is stored, and only those": acknowledged_set == stored_set,
        "one ballot stored per voter": all(len(codes) == 1 for codes in stored.values()),
        "one receipt code acknowledged per voter": all(
            len(set(codes)) == 1 for codes in tally.acknowledged.values()),
        "every voter acknowledged": len(tally.acknowledged) == len(plan.sessions),
        "no error": not tally.errors,
    }
    for name, passed in checks.items():
        print(f"{'ok  ' if passed else 'FAIL'} {name}")
    for error in tally.errors[:10]:
        print("   ", error)
    return all(checks.values())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vote", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voters", type=int, default=1000, help="voters, one ballot each")
    parser.add_argument("--concurrency", type=int, default=16, help="voters at the same time")
    parser.add_argument("--duplicates", type=float, default=0.1,
                        help="share of voters confirming several times at once")
    parser.add_argument("--copies", type=int, default=3,
                        help="confirmations sent at once by those voters")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (see python -m bench.vote -h).")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="parvis-bench-") as data_dir:
        os.environ.update({
            "DATABASE_URL": bench_database(os.environ["DATABASE_URL"]),
            "DJANGO_SETTINGS_MODULE": "parvis.settings",
            "PARVIS_DATA_DIR": data_dir,
            "SITE_URL": base,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            "EMAIL_URL": "dummy://",
            "LOG_LEVEL": "WARNING",
        })
        plan = prepare(options.voters)
        duplicated = set(random.Random(7).sample(  # noqa: S311 - which voters double-click
            range(options.voters), k=int(options.voters * options.duplicates)))
        tally = Tally()
        server = serve(port)
        try:
            wait_until_up(base)
            started = time.perf_counter()
            with ThreadPoolExecutor(options.concurrency) as pool:
                futures = [pool.submit(cast, base, plan, voter,
                                       options.copies if voter in duplicated else 1, tally)
                           for voter in range(options.voters)]
                for future in futures:
                    future.result()
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        passed = report(plan, tally, seconds, options.concurrency, len(duplicated),
                        options.copies)
    if not passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
