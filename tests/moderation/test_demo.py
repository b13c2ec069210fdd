from parvis.comments.models import Comment
from parvis.core.models import User
from parvis.moderation import services
from parvis.moderation.models import Flag


def test_the_demo_shows_a_hidden_advert_and_a_pending_flag(demo_db):
    advert = Comment.objects.get(author__pseudonym="PromoTablettes")
    assert advert.is_hidden
    moderator = User.objects.get(pseudonym="ModerationMetropole")
    assert services.queue(moderator).count() == 1
    assert Flag.objects.count() == 2
    demo_accounts = User.objects.filter(email__endswith="@demo.parvis.test")
    assert all(services.has_accepted_charter(user) for user in demo_accounts)
