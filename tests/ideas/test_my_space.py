"""Ideas in « Mon espace »: the ideas I proposed (a draft leads to its preview) and those I
support, in a bounded number of queries."""

from django.urls import reverse

from parvis.ideas import services

MY_SPACE = reverse("my_space")


def test_my_ideas_and_supports(client, box, author, publish_idea, citizen,
                               django_assert_max_num_queries):
    mine = publish_idea(box, title="Des bancs au parc")
    draft = services.create_draft(box, author, services.Proposal(title="Un brouillon",
                                                                 body="À finir."))
    other = publish_idea(box, title="Une fontaine", by=citizen())
    services.support(other, author)
    client.force_login(author)
    with django_assert_max_num_queries(40) as few:
        page = client.get(MY_SPACE).content.decode()
    assert f'<a href="{mine.get_absolute_url()}">Des bancs au parc</a>' in page
    assert f'<a href="{reverse("ideas:preview", args=[draft.pk])}">Un brouillon</a>' in page
    assert "Idées que je soutiens" in page and "Une fontaine" in page
    for number in range(4):
        idea = publish_idea(box, title=f"Idée {number}", by=citizen())
        services.support(idea, author)
        publish_idea(box, title=f"Autre idée {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(MY_SPACE)
