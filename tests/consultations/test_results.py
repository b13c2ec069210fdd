"""Results of consultations: each aggregate on known data, who sees them, moderation of
free-text answers, and a number of queries that does not grow with the responses."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from parvis.consultations.models import Answer, QuestionType, ResultsVisibility
from parvis.consultations.results import borda_scores, distribution
from parvis.core.models import AuditEntry, Role
from tests.consultations.results_data import (
    add_question,
    add_responses,
    add_site,
    answers_of,
    choice_ids,
    make_consultation,
)


def results_url(consultation):
    return reverse("consultations:results", args=[consultation.slug])


def api_results(client, consultation, **params):
    response = client.get(f"/api/v1/consultations/{consultation.slug}/results", params)
    assert response.status_code == 200, response.content
    return response.json()


def question_results(client, consultation, question, **params):
    data = api_results(client, consultation, **params)
    return next(item for item in data["questions"] if item["id"] == question.pk)


def bars(result):
    return [(bar["label"], bar["count"], bar["percent"]) for bar in result["bars"]]


# Pure aggregation ------------------------------------------------------------------------

@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12)
       .filter(lambda counts: sum(counts) > 0))
def test_percentages_of_a_distribution_sum_to_100_up_to_rounding(counts):
    shares = distribution([(str(index), count) for index, count in enumerate(counts)],
                          sum(counts))
    assert abs(sum(bar.percent for bar in shares) - 100) <= 0.05 * len(counts) + 1e-9


@given(st.integers(min_value=1, max_value=8).flatmap(
    lambda n: st.lists(st.permutations(list(range(n))), max_size=20)))
def test_every_complete_ranking_gives_n_n_minus_1_over_2_borda_points(rankings):
    keys = sorted(rankings[0]) if rankings else [0]
    n = len(keys)
    assert sum(borda_scores(rankings, keys).values()) == len(rankings) * n * (n - 1) // 2


def test_borda_gives_nothing_for_unranked_or_unknown_choices():
    assert borda_scores([["a"], ["b", "zzz", "a"]], ["a", "b", "c"]) == {"a": 3, "b": 2, "c": 0}


# Each aggregate on known data --------------------------------------------------------------

def test_single_choice_counts_and_percentages_with_other(client, consultation):
    question = add_question(consultation, QuestionType.SINGLE, "Comment venez-vous ?",
                            ["Vélo", "Bus"], has_other=True)
    bike, bus = choice_ids(question)
    add_responses(consultation, answers_of(question, [
        {"choice": bike}, {"choice": bike}, {"choice": bus}, {"other": "Trottinette"}]))
    result = question_results(client, consultation, question)
    assert result["answered"] == 4
    assert bars(result) == [("Vélo", 2, 50.0), ("Bus", 1, 25.0), ("Autre", 1, 25.0)]


def test_multiple_choice_percentages_are_over_respondents(client, consultation):
    question = add_question(consultation, QuestionType.MULTIPLE, "Vos besoins", ["Ombre", "Eau"])
    shade, water = choice_ids(question)
    add_responses(consultation, answers_of(question, [{"choices": [shade, water]},
                                                      {"choices": [shade]}]))
    result = question_results(client, consultation, question)
    assert bars(result) == [("Ombre", 2, 100.0), ("Eau", 1, 50.0)]


def test_ranking_is_scored_with_the_borda_count(client, consultation):
    question = add_question(consultation, QuestionType.RANKING, "Classez", ["A", "B", "C"])
    a, b, c = choice_ids(question)
    add_responses(consultation, answers_of(question, [[a, b, c], [b, a, c], [a]]))
    result = question_results(client, consultation, question)
    assert result["measure"] == "borda_points"
    assert [(bar["label"], bar["count"]) for bar in result["bars"]] == [
        ("A", 5), ("B", 3), ("C", 0)]


def test_the_ranking_chart_marks_the_leader_and_the_process_page_links_the_results(client, db):
    hidden = make_consultation(closed=False)  # results after closing: not yet
    consultation = make_consultation(process=hidden.process)
    question = add_question(consultation, QuestionType.RANKING, "Classez", ["A", "B", "C"])
    a, b, c = choice_ids(question)
    add_responses(consultation, answers_of(question, [[a, b, c], [b, a, c], [a]]))
    page = client.get(results_url(consultation)).content.decode()
    chart = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert ">★ A</text>" in chart and "— en tête</text>" in chart
    assert chart.count("chart-bar-marked") == 1 and ">B</text>" in chart
    assert "<th scope=\"row\">A <strong>(en tête)</strong></th>" in page
    process_page = client.get(consultation.process.get_absolute_url()).content.decode()
    block = process_page.split('id="resultats"', 1)[1].split("</section>", 1)[0]
    assert f'href="{results_url(consultation)}"' in block
    assert results_url(hidden) not in process_page


def test_scale_average_and_distribution(client, consultation):
    question = add_question(consultation, QuestionType.SCALE, "Confort",
                            settings={"min": 1, "max": 5, "min_label": "Mauvais"})
    add_responses(consultation, answers_of(question, [1, 5, 3, 3]))
    result = question_results(client, consultation, question)
    assert result["summary"]["average"] == 3
    assert bars(result) == [("1 (Mauvais)", 1, 25.0), ("2", 0, 0.0), ("3", 2, 50.0),
                            ("4", 0, 0.0), ("5", 1, 25.0)]


def test_number_average_and_extremes(client, consultation):
    question = add_question(consultation, QuestionType.NUMBER, "Arbres souhaités")
    add_responses(consultation, answers_of(question, [10, 20, 2.5]))
    summary = question_results(client, consultation, question)["summary"]
    assert (summary["average"], summary["minimum"], summary["maximum"]) == (10.83, 2.5, 20)


def test_yes_no(client, consultation):
    question = add_question(consultation, QuestionType.YES_NO, "Favorable ?")
    add_responses(consultation, answers_of(question, [True, True, False, True]))
    assert bars(question_results(client, consultation, question)) == [
        ("Oui", 3, 75.0), ("Non", 1, 25.0)]


def test_matrix_has_a_distribution_per_row(client, consultation):
    question = add_question(consultation, QuestionType.MATRIX, "Évaluez",
                            settings={"min": 1, "max": 3, "rows": ["Ombre", "Eau"]})
    add_responses(consultation, answers_of(question, [[1, 3], [3, None]]))
    shade, water = question_results(client, consultation, question)["rows"]
    assert (shade["label"], shade["answered"], shade["summary"]["average"]) == ("Ombre", 2, 2)
    assert [bar["count"] for bar in water["bars"]] == [0, 0, 1]


def test_dates_are_counted_by_month(client, consultation):
    question = add_question(consultation, QuestionType.DATE, "Quand ?")
    add_responses(consultation, answers_of(question, ["2026-07-01", "2026-08-02", "2026-07-20"]))
    assert bars(question_results(client, consultation, question)) == [
        ("2026-07", 2, 66.7), ("2026-08", 1, 33.3)]


def test_map_points_are_counted_per_commune(client, consultation, communes):
    question = add_question(consultation, QuestionType.MAP_POINT, "Où ?")
    add_responses(consultation, answers_of(question, [
        {"lat": 44.838, "lon": -0.579}, {"lat": 44.839, "lon": -0.578},
        {"lat": 44.806, "lon": -0.631}, {"lat": 48.85, "lon": 2.35}]))
    assert bars(question_results(client, consultation, question)) == [
        ("Bordeaux", 2, 50.0), ("Pessac", 1, 25.0), ("Hors du territoire", 1, 25.0)]


def test_drafts_are_not_counted(client, consultation):
    question = add_question(consultation, QuestionType.YES_NO, "Favorable ?")
    add_responses(consultation, answers_of(question, [True]))
    add_responses(consultation, answers_of(question, [False]), draft=True)
    assert api_results(client, consultation)["responses"] == 1
    assert bars(question_results(client, consultation, question))[1] == ("Non", 0, 0.0)


# The page -----------------------------------------------------------------------------------

def test_page_shows_accessible_charts_with_their_numbers(client, consultation):
    question = add_question(consultation, QuestionType.SINGLE, "Comment venez-vous ?",
                            ["Vélo", "Bus"])
    bike, _bus = choice_ids(question)
    add_responses(consultation, answers_of(question, [{"choice": bike}]))
    page = client.get(results_url(consultation)).content.decode()
    assert 'role="img"' in page
    assert f'aria-labelledby="graphique-{question.pk}-t graphique-{question.pk}-d"' in page
    assert "<title" in page and "<desc" in page
    assert '<th scope="row">Vélo</th><td>1</td><td>100,0 %</td>' in page


def test_site_filter_and_anonymous_audience(client, consultation):
    question = add_question(consultation, QuestionType.YES_NO, "Favorable ?")
    park = add_site(consultation, "Parc Bordelais", "parc")
    quay = add_site(consultation, "Quais", "quais")
    add_responses(consultation, answers_of(question, [True, True]), site=park, anonymous=True)
    add_responses(consultation, answers_of(question, [False]), site=quay)
    everything = api_results(client, consultation)
    assert (everything["responses"], everything["anonymous_audience"]) == (3, 2)
    assert {(row["slug"], row["responses"], row["anonymous_audience"])
            for row in everything["sites"]} == {("parc", 2, 2), ("quais", 1, 0)}
    assert bars(question_results(client, consultation, question, site="quais")) == [
        ("Oui", 0, 0.0), ("Non", 1, 100.0)]
    page = client.get(results_url(consultation), {"site": "parc"}).content.decode()
    assert "Réponses recueillies sur le site : Parc Bordelais." in page
    assert "2 réponses envoyées, dont 2 du public sans compte." in page
    assert client.get(results_url(consultation), {"site": "inconnu"}).status_code == 404


# Who sees the results -----------------------------------------------------------------------

@pytest.mark.parametrize(("visibility", "closed", "public"), [
    (ResultsVisibility.LIVE, False, True),
    (ResultsVisibility.AFTER_CLOSING, False, False),
    (ResultsVisibility.AFTER_CLOSING, True, True),
    (ResultsVisibility.AGENTS_ONLY, True, False),
])
def test_visibility_setting_is_checked_on_the_server(client, manager, visibility, closed, public):
    consultation = make_consultation(visibility=visibility, closed=closed)
    expected = 200 if public else 403
    assert client.get(results_url(consultation)).status_code == expected
    client.force_login(manager)
    assert client.get(results_url(consultation)).status_code == 200


def test_agents_only_results_are_for_the_managers_of_its_process(client, make_user, make_staff,
                                                                 communes):
    consultation = make_consultation(visibility=ResultsVisibility.AGENTS_ONLY)
    consultation.process.communes.set([communes["bordeaux"]])
    elsewhere = make_staff(Role.PROCESS_MANAGER, commune=communes["pessac"])
    client.force_login(elsewhere)
    assert client.get(results_url(consultation)).status_code == 403
    client.force_login(make_user(is_superuser=True))
    assert client.get(results_url(consultation)).status_code == 200


def test_unpublished_consultation_has_no_public_results(client, db):
    consultation = make_consultation(visibility=ResultsVisibility.LIVE, published=False)
    assert client.get(results_url(consultation)).status_code == 404


# Free-text answers --------------------------------------------------------------------------

@pytest.fixture
def texts(consultation):
    question = add_question(consultation, QuestionType.LONG_TEXT, "Vos idées")
    add_responses(consultation, answers_of(question, ["Planter des tilleuls", "Texte à relire"]))
    Answer.objects.filter(value="Planter des tilleuls").update(published_at=timezone.now())
    return question


def test_only_published_texts_are_shown(client, consultation, texts):
    page = client.get(results_url(consultation)).content.decode()
    assert "Planter des tilleuls" in page
    assert "Texte à relire" not in page
    assert question_results(client, consultation, texts)["texts"] == ["Planter des tilleuls"]


def test_managers_publish_or_reject_texts_with_an_audit_entry(client, consultation, texts,
                                                              manager):
    moderation_url = reverse("consultations:results_moderation", args=[consultation.slug])
    client.force_login(manager)
    queue = client.get(moderation_url).content.decode()
    assert "Texte à relire" in queue and "Planter des tilleuls" not in queue
    pending = Answer.objects.get(value="Texte à relire")
    decide_url = reverse("consultations:results_moderate", args=[consultation.slug, pending.pk])
    client.post(decide_url, {"decision": "reject"})
    assert "Texte à relire" not in client.get(moderation_url).content.decode()
    assert client.post(decide_url, {"decision": "publish"}).status_code == 404
    assert AuditEntry.objects.filter(action="consultation.answer_rejected",
                                     target_id=str(pending.pk), actor=manager).exists()
    client.logout()
    assert "Texte à relire" not in client.get(results_url(consultation)).content.decode()


def test_publishing_shows_the_text_publicly(client, consultation, texts, manager):
    pending = Answer.objects.get(value="Texte à relire")
    client.force_login(manager)
    client.post(reverse("consultations:results_moderate", args=[consultation.slug, pending.pk]),
                {"decision": "publish"})
    assert AuditEntry.objects.filter(action="consultation.answer_published").count() == 1
    client.logout()
    assert "Texte à relire" in client.get(results_url(consultation)).content.decode()


def test_citizens_cannot_moderate(client, consultation, texts, make_user):
    pending = Answer.objects.get(value="Texte à relire")
    client.force_login(make_user())
    assert client.get(reverse("consultations:results_moderation",
                              args=[consultation.slug])).status_code == 403
    url = reverse("consultations:results_moderate", args=[consultation.slug, pending.pk])
    assert client.post(url, {"decision": "publish"}).status_code == 403
    assert Answer.objects.get(pk=pending.pk).published_at is None


# Queries ------------------------------------------------------------------------------------

def build_large(consultation, size):
    single = add_question(consultation, QuestionType.SINGLE, "Choix", ["A", "B"])
    ranking = add_question(consultation, QuestionType.RANKING, "Classement", ["A", "B"])
    point = add_question(consultation, QuestionType.MAP_POINT, "Où ?")
    text = add_question(consultation, QuestionType.SHORT_TEXT, "Mot")
    a, b = choice_ids(single)
    first, second = choice_ids(ranking)
    site = add_site(consultation, "Parc", "parc")
    rows = [{single: {"choice": a if index % 3 else b}, ranking: [first, second],
             point: {"lat": 44.838 + index / 100000, "lon": -0.579}, text: f"mot {index}"}
            for index in range(size)]
    add_responses(consultation, rows, site=site)
    Answer.objects.filter(question=text).update(published_at=timezone.now())


def test_query_count_does_not_grow_with_responses(count_queries, communes):
    small, large = make_consultation(), make_consultation()
    build_large(small, 50)
    build_large(large, 5000)
    assert count_queries(results_url(small)) == count_queries(results_url(large))
    assert count_queries(results_url(large), site="parc") == count_queries(
        results_url(small), site="parc")


def test_results_after_closing_say_when_they_will_be_shown(client, db):
    consultation = make_consultation(closed=False)
    page = client.get(results_url(consultation)).content.decode()
    assert "Les résultats seront publiés à la clôture de la consultation" in page
