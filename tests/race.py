"""Running the same work in parallel threads, released together, for race tests."""

import threading

from django.db import connection


def race(work, count: int) -> list:
    """Run `work(number)` in `count` threads that start at once; their results, or the
    exceptions they raised, in a list."""
    start = threading.Barrier(count)
    results = []

    def run(number):
        try:
            start.wait()
            results.append(work(number))
        except Exception as error:  # noqa: BLE001 - the test decides what an error means
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[number]) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
