"""The whole pipeline on the bundled samples and synthesised pages: nothing lost, valid, stable."""

from __future__ import annotations

from pathlib import Path

import pytest

import broadsheet
from broadsheet import synth
from broadsheet.writers import page_to_jats, validate_jats
from invariants import lost_and_added

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_samples_lose_nothing(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    page = broadsheet.reconstruct(text)
    assert lost_and_added(text, page) == ({}, {})


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_samples_give_valid_jats(sample: Path) -> None:
    page = broadsheet.reconstruct(sample.read_bytes())
    assert validate_jats(page_to_jats(page)) == ()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_samples_find_the_four_articles(sample: Path) -> None:
    page = broadsheet.reconstruct(sample.read_bytes())
    with_body = [a for a in page.articles if len(a.paragraphs) >= 3]
    assert len(with_body) >= 4


@pytest.mark.parametrize("style", synth.STYLES)
@pytest.mark.parametrize("lang", ["zh", "en", "de"])
def test_synthetic_pages_lose_nothing(style: str, lang: str) -> None:
    made = synth.make_page(7, style=style, lang=lang, texts=synth.ArticleTexts.builtin(lang))
    page = broadsheet.reconstruct(made.dump)
    assert lost_and_added(made.dump, page) == ({}, {})
    assert validate_jats(page_to_jats(page)) == ()


def test_same_input_gives_the_same_bytes() -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    assert page_to_jats(broadsheet.reconstruct(text)) == page_to_jats(broadsheet.reconstruct(text))


def test_every_stage_is_kept_on_the_page() -> None:
    page = broadsheet.reconstruct(SAMPLES[0].read_bytes())
    assert len(page.cues.roles) == len(page.fragments) == page.graph.nodes
    assert page.nx.number_of_nodes() == len(page.fragments)
    assert {i for story in page.order.stories for i in story.fragments} | set(page.order.furniture) == set(
        range(len(page.fragments))
    )


@pytest.mark.parametrize("advert", ["Advertise with us: reach every household in the county",
                                    "Read the Weekly Review every Saturday"])
def test_a_house_advertisement_between_stories_is_page_furniture(advert: str) -> None:
    story = ("The committee met on Tuesday and resolved that the Bill was intended to make\n"
             "ample provision for the performance of the duties laid upon the magistrates\n"
             "of the county, and that the Clerk should write to the Secretary of State.\n")
    text = f"HARBOUR BOARD MEETS\n\n{story}\n{advert}\n\nLIBRARY ROOF MENDED\n\n{story}"
    page = broadsheet.reconstruct(text)
    assert advert in [fragment.text for fragment in page.furniture]
    assert not any(advert in article.headline or advert in " ".join(article.subtitles) for article in page.articles)
