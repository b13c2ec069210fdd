"""Lent devices and panel membership in « Mon espace »."""

from django.urls import reverse

MY_SPACE = reverse("my_space")


def test_a_member_finds_their_panel_space_and_the_device_lent_to_them(client, loan, member,
                                                                        panel):
    client.force_login(member.user)
    page = client.get(MY_SPACE).content.decode()
    assert "Mes panels citoyens" in page
    assert f'href="{reverse("panels:space", args=[panel.slug])}"' in page
    assert "Matériel qui m&#x27;est prêté" in page and loan.device.model in page
    assert "à remettre" in page and f'href="{reverse("lending:my_loans")}"' in page
