"""The address base: the BAN line parser, `parvis import_addresses`, completion and reverse
geocoding at /adresses/, all from the site's own database."""

import gzip
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from parvis.core import ban
from parvis.core.demo_addresses import load_demo_addresses
from parvis.core.models import Address

HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
          "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
          "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
          "certification_commune;cad_parcelles")
COMPLETE = reverse("addresses:complete")
REVERSE = reverse("addresses:reverse")


def ban_line(ban_id, number, street, insee, lon, lat, rep="", commune="Bordeaux"):
    return (f"{ban_id};33063_1234;{number};{rep};{street};33000;{insee};{commune};;;"
            f"417000.1;6423000.2;{lon};{lat};entrée;;;{commune.upper()};{street.upper()};"
            "commune;commune;1;33063000AB0001")


FILE = [
    HEADER,
    ban_line("33063_1234_00012", 12, "Rue Sainte-Catherine", "33063", -0.57385, 44.83806),
    ban_line("33063_1234_00014", 14, "Rue Sainte-Catherine", "33063", -0.57384, 44.83825),
    ban_line("33063_1234_00012_bis", 12, "Rue Sainte-Catherine", "33063", -0.57386, 44.83809,
             rep="bis"),
    ban_line("33063_5678_00003", 3, "Place de l'Église Saint-Pierre", "33063", -0.5708,
             44.8394),
    ban_line("33522_0042_00007", 7, "Cours de la Libération", "33522", -0.5890, 44.8080,
             commune="Talence"),
    ban_line("33318_0101_99999", 99999, "Lieu-dit Le Bourgailh", "33318", -0.6570, 44.7980,
             commune="Pessac"),
    ban_line("75056_0001_00001", 1, "Rue de Rivoli", "75056", 2.3522, 48.8566, commune="Paris"),
    ban_line("33063_9999_00001", 1, "Rue Fausse", "33063", "abc", 44.8),
]


def write(tmp_path, lines, name="adresses-33.csv.gz"):
    path = tmp_path / name
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return str(path)


def run(*args):
    out = io.StringIO()
    call_command("import_addresses", *args, stdout=out)
    return out.getvalue()


# The line parser.

streets = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                  min_size=1, max_size=60).filter(lambda text: text.split())


@given(number=st.integers(0, 99998), street=streets,
       insee=st.from_regex(r"33[0-9]{3}", fullmatch=True),
       lon=st.floats(-180, 180), lat=st.floats(-90, 90),
       rep=st.sampled_from(["", "bis", "ter", "a"]))
def test_a_valid_line_is_read_as_written(number, street, insee, lon, lat, rep):
    row = {"id": f"{insee}_x_{number}", "numero": str(number), "rep": rep, "nom_voie": street,
           "code_postal": "33000", "code_insee": insee, "lon": repr(lon), "lat": repr(lat)}
    line = ban.parse(row)
    assert (line.number, line.suffix, line.insee_code) == (number, rep, insee)
    assert line.street == " ".join(street.split())
    assert (line.longitude, line.latitude) == (lon, lat)


@given(row=st.dictionaries(st.sampled_from(["id", "numero", "rep", "nom_voie", "code_insee",
                                             "lon", "lat", "code_postal"]),
                           st.one_of(st.none(), st.text(max_size=30))))
def test_any_line_is_read_or_refused_with_a_reason(row):
    try:
        line = ban.parse(row)
    except ban.LineRefused as refusal:
        assert str(refusal)
    else:
        assert line.street and abs(line.latitude) <= 90 and abs(line.longitude) <= 180


def test_a_named_place_has_no_number_and_bad_coordinates_are_refused():
    row = {"id": "a", "numero": "99999", "nom_voie": "Le Bourg", "code_insee": "33318",
           "lon": "-0.6", "lat": "44.8"}
    assert ban.parse(row).number is None
    for bad in ("nan", "inf", "200", ""):
        with pytest.raises(ban.LineRefused, match="lon"):
            ban.parse({**row, "lon": bad})


@given(number=st.integers(1, 9999), street=st.sampled_from(["rue Judaïque", "cours Victor-Hugo"]))
def test_a_typed_address_splits_into_number_street_and_commune(number, street):
    assert ban.split_query(f" {number} {street}, Bordeaux ") == (number, street, "Bordeaux")
    assert ban.split_query(f"{number} bis {street}") == (number, street, "")
    assert ban.split_query(street) == (None, street, "")


# The import command.

@pytest.mark.django_db
def test_import_a_ban_file_then_reimport_replaces(tmp_path, communes):
    output = run(write(tmp_path, FILE))
    assert "6 addresses imported in 3 communes; 1 lines outside the territory; 1 invalid" \
        in output
    assert "line 9: lon is not a number" in output
    catherine = Address.objects.get(ban_id="33063_1234_00012_bis")
    assert (catherine.label, catherine.postcode) == ("12 bis Rue Sainte-Catherine, Bordeaux",
                                                     "33000")
    assert Address.objects.get(ban_id="33318_0101_99999").number is None

    # Bordeaux again, with one address only: its others go, Talence and Pessac stay.
    run(write(tmp_path, [FILE[0], FILE[1]], name="bordeaux.csv"))
    assert sorted(Address.objects.values_list("ban_id", flat=True)) == [
        "33063_1234_00012", "33318_0101_99999", "33522_0042_00007"]


@pytest.mark.django_db
def test_a_file_with_too_many_errors_or_no_header_changes_nothing(tmp_path, communes):
    run(write(tmp_path, FILE[:3]))
    with pytest.raises(CommandError, match="more than 1 invalid lines.*line 2"):
        run(write(tmp_path, [HEADER, *["1;2;x;;y;;33063;;;;;;0;0"] * 2, FILE[4]]),
            "--max-errors", "1")
    with pytest.raises(CommandError, match="missing columns numero, nom_voie"):
        run(write(tmp_path, ["id;lon;lat;code_insee", "a;1;2;33063"], name="other.csv"))
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "absent.csv"))
    assert Address.objects.count() == 2


# Completion and reverse geocoding.

@pytest.fixture
def addresses(tmp_path, communes):
    run(write(tmp_path, FILE))


@pytest.mark.django_db
def test_completion_by_prefix_ignoring_accents_and_case(client, addresses):
    def labels(query):
        response = client.get(COMPLETE, {"q": query})
        assert response.status_code == 200
        return [result["label"] for result in response.json()["results"]]

    assert labels("RUE SAINTE-CATH") == ["Rue Sainte-Catherine, Bordeaux"]
    assert labels("12 rue sainte") == ["12 Rue Sainte-Catherine, Bordeaux",
                                       "12 bis Rue Sainte-Catherine, Bordeaux"]
    assert labels("eglise") == ["Place de l'Église Saint-Pierre, Bordeaux"]
    assert labels("7 cours de la liberation, talence") == [
        "7 Cours de la Libération, Talence"]
    assert labels("7 cours de la liberation, bordeaux") == []
    assert labels("") == [] and labels("r") == []
    first = client.get(COMPLETE, {"q": "14 rue sainte-catherine"}).json()["results"][0]
    assert first == {"label": "14 Rue Sainte-Catherine, Bordeaux", "latitude": 44.83825,
                     "longitude": -0.57384, "commune": "bordeaux"}


@pytest.mark.django_db
def test_prefix_matches_come_before_matches_inside_the_name(client, communes):
    load_demo_addresses()
    results = client.get(COMPLETE, {"q": "rue"}).json()["results"]
    assert len(results) == 8
    assert all(result["label"].startswith("rue ") for result in results)


@pytest.mark.django_db
def test_reverse_geocoding_gives_the_nearest_address(client, addresses):
    answer = client.get(REVERSE, {"lat": "44.83807", "lon": "-0.57385"}).json()
    assert answer["label"] == "12 Rue Sainte-Catherine, Bordeaux"
    far = client.get(REVERSE, {"lat": "44.95", "lon": "-0.45"})
    assert far.status_code == 404 and far.json()["code"] == "not_found"
    for query in ({}, {"lat": "x", "lon": "1"}, {"lat": "91", "lon": "0"}):
        response = client.get(REVERSE, query)
        assert response.status_code == 400 and response.json()["code"] == "invalid_point"


@pytest.mark.django_db
def test_address_lookups_are_rate_limited(client, addresses, settings):
    settings.ADDRESSES_PER_MINUTE_PER_IP = 2
    assert client.get(COMPLETE, {"q": "rue"}).status_code == 200
    assert client.get(REVERSE, {"lat": "44.838", "lon": "-0.574"}).status_code == 200
    response = client.get(COMPLETE, {"q": "rue"})
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    assert "réessayez" in response.json()["detail"]


@pytest.mark.django_db
def test_the_demo_sample_lies_in_the_communes_and_is_small(communes):
    count = load_demo_addresses()
    assert 1000 < count <= 5000
    assert Address.objects.values("commune").distinct().count() == 28
    assert load_demo_addresses() == count  # idempotent
    catherine = Address.objects.get(street="rue Sainte-Catherine", number=12)
    assert catherine.commune.name == "Bordeaux"


@pytest.mark.django_db
def test_the_demo_sample_leaves_imported_addresses_alone(addresses):
    assert load_demo_addresses() == 0
    assert Address.objects.count() == 6


@pytest.mark.django_db
def test_an_id_given_twice_keeps_its_last_line(tmp_path, communes):
    moved = ban_line("33063_1234_00012", 16, "Rue Sainte-Catherine", "33063", -0.5738, 44.8390)
    run(write(tmp_path, [*FILE[:3], moved]))
    assert Address.objects.get(ban_id="33063_1234_00012").number == 16
    assert Address.objects.count() == 2
