"""arXiv subject names and codes (issue 4, part 4)."""

from __future__ import annotations

import pytest

import paperledge
import paperledge._rules.arxiv as _arxiv
from paperledge._rules.arxiv import ARXIV_SUBJECTS, NAMES_WITH_SEPARATOR, arxiv_code, arxiv_name

N = 100_000


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # The names the show's titles use.
        ("Computation and Language", "cs.CL"),
        ("Machine Learning", "cs.LG"),
        ("Computer Vision", "cs.CV"),
        ("Computer Vision and Pattern Recognition", "cs.CV"),
        ("Artificial Intelligence", "cs.AI"),
        ("Cryptography and Security", "cs.CR"),
        ("Robotics", "cs.RO"),
        ("Computers and Society", "cs.CY"),
        # The rest of computer science and the other archives.
        ("Human-Computer Interaction", "cs.HC"),
        ("Software Engineering", "cs.SE"),
        ("Information Retrieval", "cs.IR"),
        ("Sound", "cs.SD"),
        ("Systems and Control", "eess.SY"),
        ("Audio and Speech Processing", "eess.AS"),
        ("Image and Video Processing", "eess.IV"),
        ("Methodology", "stat.ME"),
        ("Statistics Theory", "math.ST"),
        ("Optimization and Control", "math.OC"),
        ("Numerical Analysis", "math.NA"),
        ("Quantum Physics", "quant-ph"),
        ("High Energy Physics - Theory", "hep-th"),
        ("Materials Science", "cond-mat.mtrl-sci"),
        ("Neurons and Cognition", "q-bio.NC"),
        ("Portfolio Management", "q-fin.PM"),
        ("Econometrics", "econ.EM"),
        ("Economics", "econ.GN"),
    ],
)
def test_known_names_give_their_code(name: str, code: str) -> None:
    assert arxiv_code(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "computation and language",
        "  COMPUTATION   and\tLanguage  ",
        "Computation\u00a0and Language",
        "Computation & Language",
    ],
)
def test_case_spacing_and_ampersand_do_not_matter(name: str) -> None:
    assert arxiv_code(name) == "cs.CL"


def test_punctuation_variants() -> None:
    assert arxiv_code("Human Computer Interaction") == "cs.HC"
    assert arxiv_code("Distributed Parallel and Cluster Computing") == "cs.DC"
    assert arxiv_code("distributed, parallel, & cluster computing") == "cs.DC"


@pytest.mark.parametrize("name", [None, "", "   ", "Cooking", "Machine", "Learning Machine"])
def test_unknown_names_give_none(name: str | None) -> None:
    assert arxiv_code(name) is None


def test_codes_are_accepted_in_place_of_names() -> None:
    assert arxiv_code("cs.cl") == "cs.CL"
    assert arxiv_code("CS.LG") == "cs.LG"
    # Aliases resolve to arXiv's canonical code.
    assert arxiv_code("cs.SY") == "eess.SY"
    assert arxiv_code("math.IT") == "cs.IT"


def test_reverse_lookup() -> None:
    assert arxiv_name("cs.CL") == "Computation and Language"
    assert arxiv_name("CS.cv") == "Computer Vision and Pattern Recognition"
    assert arxiv_name("stat.ML") == "Machine Learning"
    assert arxiv_name("cs.SY") == "Systems and Control"
    assert arxiv_name("cs.XX") is None
    assert arxiv_name(None) is None


def test_every_name_leads_back_to_its_code_but_statistics_machine_learning() -> None:
    # "Machine Learning" is both cs.LG and stat.ML; the show means cs.LG.
    misses = {code for code in ARXIV_SUBJECTS if arxiv_code(arxiv_name(code)) != code}
    assert misses == {"stat.ML"}
    assert arxiv_code(arxiv_name("stat.ML")) == "cs.LG"


def test_the_table_spans_the_archives() -> None:
    archives = {code.split(".")[0] for code in ARXIV_SUBJECTS}
    assert {"cs", "stat", "math", "physics", "q-bio", "q-fin", "econ", "eess"} <= archives
    assert len([c for c in ARXIV_SUBJECTS if c.startswith("cs.")]) >= 38


def test_the_seed_episodes_know_their_codes(
    page_000: paperledge.Show, page_002: paperledge.Show, page_003: paperledge.Show
) -> None:
    codes = {
        episode.category: episode.arxiv_code
        for show in (page_000, page_002, page_003)
        for episode in show.episodes
        if episode.category is not None
    }
    assert codes == {
        "Computer Vision": "cs.CV",
        "Cryptography and Security": "cs.CR",
        "Computation and Language": "cs.CL",
        "Machine Learning": "cs.LG",
        "Artificial Intelligence": "cs.AI",
    }
    untitled = [e for e in page_000.episodes if e.title is None]
    assert untitled
    assert all(e.arxiv_code is None for e in untitled)


def test_exported_from_the_package() -> None:
    assert paperledge.arxiv_code("Robotics") == "cs.RO"


def test_names_that_hold_the_title_separator() -> None:
    assert set(NAMES_WITH_SEPARATOR) == {
        "High Energy Physics - Experiment",
        "High Energy Physics - Lattice",
        "High Energy Physics - Phenomenology",
        "High Energy Physics - Theory",
    }


def test_long_punctuation_runs_in_a_subject_name() -> None:
    assert _arxiv._key(" ,-–—" * N + "Machine" + "- ," * N + "Learning") == "machine learning"
    assert _arxiv.arxiv_code("Machine" + " -" * N + "Learning") == "cs.LG"
    assert _arxiv.arxiv_code("Machine" + " -" * N + "Learnin") is None
