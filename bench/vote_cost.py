"""The cost of a vote, request by request, against the framework's floor.

A voter's flow is three requests and the receipt: the ballot page (GET), the choices (POST,
whose answer leaves them signed in a cookie of the vote's pages), the confirmation (POST,
which carries them and stores the ballot) and the receipt it leads to (GET). This bench
serves them in this process through Django's whole middleware stack (sessions,
authentication, CSRF, security headers…), on PostgreSQL, and measures each one's server time
(median) and database queries, beside the **floor**: a minimal view behind the same
middleware that inserts one row in one transaction. It does so for a budget of 30 projects
and one of 300 (page queries must not depend on the number of projects), before and after
500 ballots (nor on the ballots); it splits the confirmation's and the floor's time into
the processor time of this process (Python, the ORM, the driver) and the time it waits
(database round trips, and the processor when others hold it), and prints where the
confirmation spends its time (cProfile, top functions).

DATABASE_URL must point to a PostgreSQL server and a role that may create databases; the bench
uses the database `parvis_bench` of bench.reports and bench.vote.

    DATABASE_URL=postgres://parvis:parvis@127.0.0.1:5432/parvis python -m bench.vote_cost
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from functools import partial

from bench.reports import bench_database

RUNS = 40
STEPS = ("ballot page", "choices", "confirmation", "receipt")


def floor(request):
    """One INSERT in one transaction: what any view that stores something costs at least."""
    from django.db import connection, transaction
    from django.http import HttpResponse

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (at) VALUES (now())")
    return HttpResponse("ok")


def urlconf():
    """The site's URLs plus the floor view, as a module for ROOT_URLCONF."""
    from types import ModuleType

    from django.urls import path

    from parvis.urls import urlpatterns

    module = ModuleType("bench.vote_cost.urls")
    module.urlpatterns = [path("banc/plancher/", floor), *urlpatterns]
    return module


def make_budget(projects: int, stamp: str):
    """A budget whose vote is open, with `projects` eligible projects in two envelopes."""
    from django.utils import timezone

    from parvis.budgets.models import BallotFormat, Budget, Project, ProjectStatus, SubBudget
    from parvis.core.models import Commune
    from parvis.processes.models import Action, Phase, Process

    now = timezone.now()
    process = Process.objects.create(title=f"Coût du vote {stamp}", slug=f"cout-{stamp}",
                                     summary="Banc.", description="Banc.", is_published=True)
    Phase.objects.create(process=process, title="Vote", starts_at=now - timedelta(hours=1),
                         ends_at=now + timedelta(days=1), actions=[Action.VOTE])
    budget = Budget.objects.create(process=process, title=f"Coût {stamp}", slug=f"cout-{stamp}",
                                   amount=1_000_000, ballot_format=BallotFormat.KNAPSACK,
                                   ballot_changeable=False)
    rng = random.Random(projects)  # noqa: S311 - reproducible bench data
    for name, commune, share in (("Métropole", None, 0.6),
                                 ("Bordeaux", Commune.objects.get(slug="bordeaux"), 0.4)):
        envelope = SubBudget.objects.create(budget=budget, name=name, commune=commune,
                                            amount=int(1_000_000 * share))
        Project.objects.bulk_create(
            Project(budget=budget, sub_budget=envelope, title=f"Projet {name} {number}",
                    description="Projet du banc d'essai.", status=ProjectStatus.ELIGIBLE,
                    estimated_cost=cost, cost=cost)
            for number, cost in enumerate(rng.choices(range(10_000, 60_001, 1000),
                                                      k=int(projects * share))))
    return budget


def voters(count: int, stamp: str):
    from django.contrib.auth.hashers import make_password

    from parvis.core.models import Commune, User, VerificationLevel

    bordeaux = Commune.objects.get(slug="bordeaux")
    return User.objects.bulk_create(
        User(email=f"cout-{stamp}-{number}@example.invalid", pseudonym=f"c{stamp}{number}",
             password=make_password(None), commune=bordeaux,
             verification_level=VerificationLevel.EMAIL)
        for number in range(count))


def choices_for(budget) -> list[int]:
    """Projects of both envelopes that fit in their amounts."""
    chosen = []
    for envelope in budget.sub_budgets.all():
        spent = 0
        for pk, cost in envelope.projects.order_by("pk").values_list("pk", "cost"):
            if spent + cost <= envelope.amount and len(chosen) < 8:
                chosen.append(pk)
                spent += cost
    return chosen


def timed(send, step, timings, cpu):
    """`send()`, its server time in `timings[step]` and its processor time in `cpu[step]`."""
    started, processor = time.perf_counter(), time.thread_time()
    response = send()
    timings[step].append(time.perf_counter() - started)
    cpu[step].append(time.thread_time() - processor)
    return response


def one_vote(client, budget, chosen, timings, cpu, queries, profile=None):
    """The requests of one voter, each timed and its queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = f"/budgets/{budget.slug}/voter/"
    requests = (lambda: client.get(base),
                lambda: client.post(base, {"projets": chosen}),
                lambda: client.post(f"{base}confirmer/"),
                lambda: client.get(f"{base}recu/"))
    for step, send in zip(STEPS, requests, strict=True):
        with CaptureQueriesContext(connection) as captured:
            if profile is not None and step == "confirmation":
                profile.enable()
            response = timed(send, step, timings, cpu)
            if profile is not None and step == "confirmation":
                profile.disable()
        expected = 200 if step in {"ballot page", "receipt"} else 302
        if response.status_code != expected:
            sys.exit(f"{step}: HTTP {response.status_code} instead of {expected}")
        queries[step].add(len(captured))


def measure(budget, people, profile=None):
    """Median server time and processor time (ms) and query counts of each step, and of the
    floor."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    timings = {step: [] for step in (*STEPS, "floor")}
    cpu = {step: [] for step in (*STEPS, "floor")}
    queries = {step: set() for step in (*STEPS, "floor")}
    chosen = choices_for(budget)
    for person in people:
        client = Client()
        client.force_login(person)
        one_vote(client, budget, chosen, timings, cpu, queries, profile)
        with CaptureQueriesContext(connection) as captured:
            timed(partial(client.post, "/banc/plancher/"), "floor", timings, cpu)
        queries["floor"].add(len(captured))
    return ({step: statistics.median(values) * 1000 for step, values in timings.items()},
            {step: statistics.median(values) * 1000 for step, values in cpu.items()},
            {step: sorted(counts) for step, counts in queries.items()})


def cast_many(budget, count: int, stamp: str) -> None:
    """`count` ballots through the service, so the next measures run beside them."""
    from parvis.budgets import voting

    chosen = choices_for(budget)
    for person in voters(count, f"{stamp}m"):
        voting.cast_ballot(budget, person, dict.fromkeys(chosen, 1))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vote_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=500,
                        help="ballots cast between the two measures")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (see python -m bench.vote_cost -h).")
    with tempfile.TemporaryDirectory(prefix="parvis-bench-") as data_dir:
        os.environ.update({
            "DATABASE_URL": bench_database(os.environ["DATABASE_URL"]),
            "DJANGO_SETTINGS_MODULE": "parvis.settings", "PARVIS_DATA_DIR": data_dir,
            "ALLOWED_HOSTS": "testserver", "DEBUG": "0", "EMAIL_URL": "dummy://",
            "LOG_LEVEL": "ERROR",
        })
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from parvis.core.models import Commune
        from parvis.core.services.territory import load_communes

        call_command("migrate", interactive=False, verbosity=0)
        if not Commune.objects.exists():
            load_communes()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY,"
                           " at timestamptz NOT NULL)")
        settings.ROOT_URLCONF = urlconf()
        stamp = f"{time.time_ns():x}"
        rows = []
        for projects in (30, 300):
            budget = make_budget(projects, f"{stamp}{projects}")
            rows.append((f"{projects} projects", *measure(budget, voters(RUNS,
                                                                         f"{stamp}{projects}"))))
            if projects == 300:
                cast_many(budget, options.ballots, stamp)
                rows.append((f"{projects} projects, +{options.ballots} ballots",
                             *measure(budget, voters(RUNS, f"{stamp}b"))))
                # Profiled apart: the profiler slows what it watches, not the floor.
                profile = cProfile.Profile()
                measure(budget, voters(RUNS // 4, f"{stamp}p"), profile)
    print(f"Server time in this process (median of {RUNS} voters, ms) and queries per request,"
          " PostgreSQL on 127.0.0.1:")
    print(f"{'budget':<30}" + "".join(f"{step:>16}" for step in (*STEPS, "floor"))
          + f"{'confirm/floor':>15}")
    for name, times, _cpu, queries in rows:
        cells = "".join(f"{times[step]:>9.1f} ms {','.join(map(str, queries[step])):>3}"
                        for step in (*STEPS, "floor"))
        print(f"{name:<30}{cells}{times['confirmation'] / times['floor']:>15.2f}")
    print("\nProcessor time of this process + the rest (waiting for the database or the"
          " processor), ms:")
    for name, times, cpu, _queries in rows:
        parts = "   ".join(f"{step} {cpu[step]:.1f} + {times[step] - cpu[step]:.1f}"
                           for step in ("confirmation", "floor"))
        print(f"{name:<30}{parts}   processor ratio"
              f" {cpu['confirmation'] / cpu['floor']:.2f}")
    print("\nWhere the confirmation spends its time (300 projects, cumulative, top 25):")
    stream = io.StringIO()
    pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(25)
    print(stream.getvalue())


if __name__ == "__main__":
    main()
