"""Frugality gate: every public page scores EcoIndex >= 75, first load under 200 KB and
25 requests.

EcoIndex is the method published by GreenIT.fr and the Collectif Conception Numérique
Responsable (https://www.ecoindex.fr/comment-ca-marche/, reference implementation
https://github.com/cnumr/ecoindex_python): score = 100 - 5 * (3 q_dom + 2 q_req + q_size) / 6,
where q_* place the page's DOM size, requests and transferred kilobytes in the quantile
tables of the HTTP Archive. The score and grade come from the `ecoindex_compute` package
(licence CC BY-NC-ND, hence a test dependency only, never copied into Parvis).

The page is measured as the method's own scraper does: a fresh browser context (empty
cache) at 1920x1080, loaded, scrolled to the bottom, network idle, and
- DOM: document.getElementsByTagName('*').length minus the descendants of <svg> elements;
- requests: the entries of the context's HAR recording;
- KB: the sum of their `_transferSize` (bytes on the wire: headers and encoded, i.e.
  compressed, bodies) / 1000.
The page must load cleanly (no failed request, no browser console error, such as an
inline style refused by the Content-Security-Policy), or its figures would mean nothing.
HTML is gzip-compressed by Django's GZipMiddleware; the test server serves static files
uncompressed (a production proxy or whitenoise compresses them), so the figures are an
upper bound.
"""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = [
    pytest.mark.browser,
    # compute_ecoindex itself calls the package's deprecated get_ecoindex
    pytest.mark.filterwarnings("ignore:Use compute_ecoindex instead:DeprecationWarning"),
]

MIN_SCORE = 75
MAX_KB = 200
MAX_REQUESTS = 25
WINDOW = {"width": 1920, "height": 1080}
SERVICE_WORKER_READY = """() => "serviceWorker" in navigator && Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise(resolve => setTimeout(() => resolve(false), 5000))])"""
COUNT_NODES = """() => document.getElementsByTagName('*').length
                       - document.querySelectorAll('svg *').length"""


def ecoindex(nodes: int, size: float, requests: int):
    # ecoindex_compute is asynchronous, and Playwright's sync API already runs an event
    # loop in this thread: compute in a thread of its own.
    from ecoindex.compute import compute_ecoindex

    with ThreadPoolExecutor(max_workers=1) as pool:
        coroutine = compute_ecoindex(nodes=nodes, size=size, requests=requests)
        return pool.submit(asyncio.run, coroutine).result()


def measure(new_context, visit, public_page, har_path) -> tuple[dict, list[str]]:
    """The page's EcoIndex figures, and what went wrong while loading it (but the status
    the page is meant to answer with, such as the 404 page's)."""
    context = new_context(viewport=WINDOW, record_har_path=str(har_path))
    page = context.new_page()
    console = []
    page.on("console", lambda message: message.type == "error" and console.append(message))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = visit(page, public_page).url
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # The service worker caches the offline page as it installs: counted, and finished
    # before the browser closes (a request cut short would read as a failure). One wait for
    # the network to be idle then covers both what the scroll and the installation asked for.
    page.evaluate(SERVICE_WORKER_READY)
    page.wait_for_load_state("networkidle")
    nodes = page.evaluate(COUNT_NODES)
    context.close()  # writes the HAR file
    entries = json.loads(har_path.read_text())["log"]["entries"]

    def expected(status: int, at: str) -> bool:
        return 200 <= status < 400 or (status == public_page.status and at == url)

    errors += [message.text for message in console
               if not (public_page.status != 200 and message.location.get("url") == url)]
    errors += [f"HTTP {entry['response']['status']}: {entry['request']['url']}"
               for entry in entries
               if not expected(entry["response"]["status"], entry["request"]["url"])]
    size = sum(entry["response"]["_transferSize"] for entry in entries) / 1000
    return {"DOM": nodes, "requests": len(entries), "KB": round(size, 1)}, errors


def test_page_is_frugal(new_context, visit, public_page, tmp_path, gate_figures):
    figures, errors = measure(new_context, visit, public_page, tmp_path / "page.har")
    assert not errors, f"{public_page.name} did not load cleanly:\n" + "\n".join(errors)
    result = ecoindex(figures["DOM"], figures["KB"], figures["requests"])
    figures.update({"EcoIndex": int(result.score), "grade": result.grade.value})
    gate_figures.setdefault(public_page.name, {}).update(figures)

    summary = f"{public_page.name}: {figures}"
    assert figures["KB"] < MAX_KB, summary
    assert figures["requests"] < MAX_REQUESTS, summary
    assert result.score >= MIN_SCORE, summary
