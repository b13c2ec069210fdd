"""Moderation in « Mon espace »: a moderator sees how many contents await a decision; the
author of a comment finds it among their comments."""

from django.urls import reverse

from parvis.moderation.services import flag

MY_SPACE = reverse("my_space")


def test_a_moderator_sees_the_flagged_contents_to_examine(client, comment, moderator,
                                                          make_user):
    flag(make_user(), comment, "insulting")
    client.force_login(moderator())
    page = client.get(MY_SPACE).content.decode()
    assert "1 contenu signalé à examiner" in page
    assert f'href="{reverse("moderation:queue")}"' in page


def test_others_have_no_moderation_entry(client, comment, make_user):
    flag(make_user(), comment, "insulting")
    client.force_login(make_user())
    assert "à examiner" not in client.get(MY_SPACE).content.decode()


def test_my_comments_link_to_where_they_were_written(client, comment, author,
                                                     django_assert_max_num_queries):
    client.force_login(author)
    with django_assert_max_num_queries(40) as few:
        page = client.get(MY_SPACE).content.decode()
    assert "Mes commentaires" in page
    assert f'href="{comment.get_absolute_url()}">{comment.target.title}</a>' in page
    for _ in range(5):
        type(comment).objects.create(content_type=comment.content_type,
                                     object_id=comment.object_id, author=author, body="Encore")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(MY_SPACE)
