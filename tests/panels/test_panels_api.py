"""The public read API of panels: panels with quotas and counts, draws with what is needed
to re-run them, JSON errors, no personal data, and a bounded number of queries."""

import pytest

from parvis.panels import draws, sortition
from parvis.panels.models import PanelStatus

API = "/api/v1/panels"


def get(client, path, status=200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    return response.json()


def test_panels_and_their_quotas(client, drawn_panel, make_panel):
    make_panel(status=PanelStatus.DRAFT)
    listing = get(client, "")
    assert listing["count"] == 1
    (item,) = listing["items"]
    assert item["slug"] == drawn_panel.slug and item["status"] == "active"
    assert item["url"].endswith(drawn_panel.get_absolute_url())
    detail = get(client, f"/{drawn_panel.slug}")
    genre = next(c for c in detail["categories"] if c["key"] == "genre")
    assert genre["source"] == "asked"
    women = next(v for v in genre["values"] if v["key"] == "femme")
    assert (women["minimum"], women["maximum"]) == (1, 3)
    assert women["volunteers"] == 4
    assert sum(v["members"] for v in genre["values"]) == 4


def test_a_draw_can_be_rerun_from_the_api(client, drawn_panel):
    (item,) = get(client, f"/{drawn_panel.slug}/draws")["items"]
    assert item["kind"] == "initial" and item["seed"] == "graine du panel"
    assert item["pool_size"] == 8 and item["min_probability"] > 0
    detail = get(client, f"/{drawn_panel.slug}/draws/{item['id']}")
    document = sortition.document(
        seed=detail["seed"], size=detail["size"], categories=detail["categories"],
        pool=[(entry["pool_id"], entry["profile"]) for entry in detail["pool"]],
    )
    assert sortition.draw_document(document).selected == detail["selected"]
    assert sorted(drawn_panel.members.values_list("volunteer__pool_id", flat=True)) == (
        detail["selected"])
    assert detail["lottery"]["total_weight"] == sum(
        panel["weight"] for panel in detail["lottery"]["portfolio"])
    assert set(detail["library"]) == {"sortition-algorithms", "highspy"}


def test_a_pending_draw_has_no_result_yet(client, drawn_panel, organiser):
    draws.withdraw_member(drawn_panel.members.first(), "Départ", organiser)
    pending = draws.publish_seed(drawn_panel, organiser, "remplacement")
    detail = get(client, f"/{drawn_panel.slug}/draws/{pending.pk}")
    assert detail["performed_at"] is None and detail["selected"] is None
    assert detail["size"] == 1 and len(detail["fixed"]) == 3


@pytest.mark.parametrize("path", ["/inconnu", "/inconnu/draws", "/inconnu/draws/1"])
def test_unknown_things_answer_json_404(client, drawn_panel, path):
    body = get(client, path, status=404)
    assert body["code"] == "not_found" and body["detail"]


def test_unknown_draw_and_bad_id(client, drawn_panel):
    assert get(client, f"/{drawn_panel.slug}/draws/999", status=404)["code"] == "not_found"
    assert get(client, f"/{drawn_panel.slug}/draws/zero", status=422)["code"] == "invalid"


def test_no_personal_data_in_the_api(client, drawn_panel):
    texts = [client.get(f"{API}{path}").content.decode() for path in (
        "", f"/{drawn_panel.slug}", f"/{drawn_panel.slug}/draws",
        f"/{drawn_panel.slug}/draws/{drawn_panel.draws.get().pk}")]
    for volunteer in drawn_panel.volunteers.select_related("user"):
        for text in texts:
            assert volunteer.user.email not in text
            assert volunteer.user.pseudonym not in text
            assert volunteer.birth_date.isoformat() not in text


def test_queries_do_not_grow_with_panels_or_draws(client, make_panel, drawn_panel,
                                                  django_assert_max_num_queries, organiser):
    with django_assert_max_num_queries(4):
        get(client, "")
    with django_assert_max_num_queries(4):
        get(client, f"/{drawn_panel.slug}/draws")
    for _ in range(3):
        make_panel()
    draws.withdraw_member(drawn_panel.members.first(), "Départ", organiser)
    draws.publish_seed(drawn_panel, organiser, "remplacement")
    with django_assert_max_num_queries(4):
        assert get(client, "")["count"] == 4
    with django_assert_max_num_queries(4):
        assert get(client, f"/{drawn_panel.slug}/draws")["count"] == 2
