"""The places pages (ward clusters, focus areas) through Django's test client, on a year of the
synthetic demo borough loaded into a real store through the real readers."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest

from cspkit.analysis.places import ClusterSet
from cspkit.demo import DemoBorough, generate_borough
from cspkit.sources import load_boundaries, load_lookup, load_population
from cspkit.sources.police import load_police
from cspkit.store import Store
from tests.web.pages_world import World, build_world, signed_in, text_of

pytestmark = pytest.mark.django_db

YEAR = "2021/22"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoBorough, Path]:
    """A year of the demo borough (2021/22) and the store it is loaded into."""
    root = tmp_path_factory.mktemp("places-pages")
    borough = generate_borough(root / "files", 2024, start="2021-04", end="2022-03", quiet=True)
    store = Store(root / "store")
    for path in (borough.lsoa_ward_lookup, borough.district_lookup):
        load_lookup(store, path)
    load_boundaries(store, borough.ward_boundaries)
    load_boundaries(store, borough.lsoa_boundaries)
    load_population(store, borough.population_file, 2019)
    load_police(store, [root / "files" / "police"])
    return borough, root / "store"


@pytest.fixture
def world(demo: tuple[DemoBorough, Path], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> World:
    borough, store = demo
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CSPKIT_STORE", str(store))
    w = build_world()
    w.a.district_codes = [borough.district_code]
    w.a.save()
    return w


def test_read_and_write_rules(world: World) -> None:
    member, officer, outsider = (signed_in(u) for u in (world.member, world.officer,
                                                          world.b_officer))
    for url in ("/p/a/places/", "/p/a/places/focus/"):
        assert member.get(url).status_code == 200, url  # read: every member
        assert outsider.get(url).status_code == 404, url  # not a member: not there
        assert outsider.post(url, {"year": YEAR}).status_code == 404, url
        assert member.post(url, {"year": YEAR}).status_code == 403, url  # write: officers
        assert officer.get(url).status_code == 200, url
    assert "Make the clusters" not in member.get("/p/a/places/").content.decode()
    assert "Make the clusters" in officer.get("/p/a/places/").content.decode()
    assert "Rank the areas" not in member.get("/p/a/places/focus/").content.decode()
    assert signed_in(world.member).get("/p/a/").content.decode().count("/p/a/places/") >= 1


def test_the_clusters_page_shows_each_clusters_wards_and_the_baselines(world: World) -> None:
    client = signed_in(world.officer)
    assert f'value="{YEAR}"' in client.get("/p/a/places/").content.decode()  # latest year
    page = text_of(client.post("/p/a/places/", {"year": YEAR, "max_size": "3", "seed": "1"}))
    assert "E07000999 ward clusters 2021/22" in page
    assert "clusters of at most 3 touching wards, from 12 months of police data (seed 1)" in page
    assert "Abbey (E05990001)" in page and "Westbrook (E05990023)" in page
    assert "Unconstrained k-means" in page and "Best of 999 random partitions" in page
    assert "no Indices of Deprivation" in page  # the service's warning, shown
    assert "Save as a named version" in page
    assert "Versions saved None yet." in page


def test_saving_makes_a_named_version_once(world: World, tmp_path: Path) -> None:
    client = signed_in(world.officer)
    form = {"year": YEAR, "max_size": "4", "seed": "0", "save": "1", "name": "Task force"}
    page = text_of(client.post("/p/a/places/", form))
    assert "Saved “Task force” as version 1" in page
    saved = sorted((tmp_path / "home" / "clusters" / "a").glob("*.json"))
    assert len(saved) == 1 and ClusterSet.load(saved[0]).name == "Task force"
    client.post("/p/a/places/", form)  # the same clusters again: the version saved is kept
    assert len(list((tmp_path / "home" / "clusters" / "a").glob("*.json"))) == 1
    listing = text_of(signed_in(world.member).get("/p/a/places/"))
    assert "Name Version Clusters Saved Task force 1 7" in listing


def test_the_clusters_form_says_what_to_do(world: World) -> None:
    client = signed_in(world.officer)
    page = text_of(client.post("/p/a/places/", {"year": "21", "max_size": "0", "seed": "x"}))
    assert "There is a problem" in page
    assert "Enter the financial year as its two years, like 2021/22" in page
    assert "A cluster must be allowed at least 1 ward" in page
    assert "Enter the seed as a whole number, such as 0" in page
    page = text_of(client.post("/p/a/places/", {"year": "2019/20", "max_size": "4",
                                                "seed": "0"}))
    assert "the store has no police street data for 2019/20" in page
    assert "enter another financial year" in page
    world.a.district_codes = []
    world.a.save()
    assert "The partnership has no district set." in text_of(client.get("/p/a/places/"))


def test_the_focus_page_ranks_areas_with_drivers_and_intervals(world: World) -> None:
    client = signed_in(world.officer)
    page = text_of(client.post("/p/a/places/focus/", {
        "year": YEAR, "inputs": "anti_social_behaviour:2, burglary:1", "level": "ward",
        "top": "3", "seed": "0"}))
    assert "Need index of the wards of E07000999, 2021/22" in page
    assert "anti_social_behaviour ×2 (count), burglary ×1 (count)" in page
    assert "Rank Area Score Rank interval What drives the rank" in page
    assert page.count("Shortlisted") == 3
    assert "1 Westbrook (E05990023) Shortlisted" in page
    lsoas = text_of(client.post("/p/a/places/focus/", {
        "year": YEAR, "inputs": "", "level": "lsoa", "top": "5", "seed": "0"}))
    assert "Need index of the lsoas of E07000999" in lsoas
    assert "anti_social_behaviour ×2 (count)" in lsoas


def test_the_focus_form_says_what_to_do(world: World) -> None:
    client = signed_in(world.officer)
    page = text_of(client.post("/p/a/places/focus/", {
        "year": YEAR, "inputs": "anti_social_behaviour:-1", "level": "ward", "top": "5",
        "seed": "0"}))
    assert "“anti_social_behaviour:-1” is not an input and a positive weight" in page
    page = unescape(text_of(client.post("/p/a/places/focus/", {
        "year": YEAR, "inputs": "income:1", "level": "ward", "top": "5", "seed": "0"})))
    assert "input 'income' is not a column of the area table" in page  # none loaded here
    assert "--input" not in page
    page = text_of(client.post("/p/a/places/focus/", {"year": YEAR, "seed": "0"}))
    assert "Choose the areas to rank" in page and "Enter how many areas to shortlist" in page
