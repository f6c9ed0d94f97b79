"""arXiv subject names (as the show's titles give them) and their codes.

The show titles an episode ``Category - Paper title`` where the category is
the name arXiv gives the paper's primary subject: ``Computation and
Language`` is ``cs.CL``.  :func:`arxiv_code` maps a name to its code and
:func:`arxiv_name` maps a code back to arXiv's name.

The table covers arXiv's computer science, economics, electrical
engineering, mathematics, physics, quantitative biology, quantitative
finance and statistics subjects.  Where arXiv lists one subject under two
codes (``cs.SY`` is an alias of ``eess.SY``), a name maps to arXiv's
canonical code.  Names that two archives share pick the one the show means:
``Machine Learning`` is ``cs.LG`` (``stat.ML`` has the same name, but the
show is about computer science papers).
"""

from __future__ import annotations

import re

__all__ = [
    "ARXIV_SUBJECTS",
    "NAMES_WITH_SEPARATOR",
    "abstract_url",
    "arxiv_code",
    "arxiv_name",
    "pdf_url",
    "split_arxiv_id",
]

#: arXiv's code -> name for every subject, canonical codes first within an
#: archive.  Aliases (a second code for the same subject) are listed in
#: :data:`_ALIASES`, not here, so each name has one code.
ARXIV_SUBJECTS: dict[str, str] = {
    # Computer Science
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature",
    "cs.GR": "Graphics",
    "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.OH": "Other Computer Science",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SC": "Symbolic Computation",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    # Economics
    "econ.EM": "Econometrics",
    "econ.GN": "General Economics",
    "econ.TH": "Theoretical Economics",
    # Electrical Engineering and Systems Science
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control",
    # Mathematics
    "math.AC": "Commutative Algebra",
    "math.AG": "Algebraic Geometry",
    "math.AP": "Analysis of PDEs",
    "math.AT": "Algebraic Topology",
    "math.CA": "Classical Analysis and ODEs",
    "math.CO": "Combinatorics",
    "math.CT": "Category Theory",
    "math.CV": "Complex Variables",
    "math.DG": "Differential Geometry",
    "math.DS": "Dynamical Systems",
    "math.FA": "Functional Analysis",
    "math.GM": "General Mathematics",
    "math.GN": "General Topology",
    "math.GR": "Group Theory",
    "math.GT": "Geometric Topology",
    "math.HO": "History and Overview",
    "math.KT": "K-Theory and Homology",
    "math.LO": "Logic",
    "math.MG": "Metric Geometry",
    "math.NA": "Numerical Analysis",
    "math.NT": "Number Theory",
    "math.OA": "Operator Algebras",
    "math.OC": "Optimization and Control",
    "math.PR": "Probability",
    "math.QA": "Quantum Algebra",
    "math.RA": "Rings and Algebras",
    "math.RT": "Representation Theory",
    "math.SG": "Symplectic Geometry",
    "math.SP": "Spectral Theory",
    "math.ST": "Statistics Theory",
    # Physics
    "astro-ph.CO": "Cosmology and Nongalactic Astrophysics",
    "astro-ph.EP": "Earth and Planetary Astrophysics",
    "astro-ph.GA": "Astrophysics of Galaxies",
    "astro-ph.HE": "High Energy Astrophysical Phenomena",
    "astro-ph.IM": "Instrumentation and Methods for Astrophysics",
    "astro-ph.SR": "Solar and Stellar Astrophysics",
    "cond-mat.dis-nn": "Disordered Systems and Neural Networks",
    "cond-mat.mes-hall": "Mesoscale and Nanoscale Physics",
    "cond-mat.mtrl-sci": "Materials Science",
    "cond-mat.other": "Other Condensed Matter",
    "cond-mat.quant-gas": "Quantum Gases",
    "cond-mat.soft": "Soft Condensed Matter",
    "cond-mat.stat-mech": "Statistical Mechanics",
    "cond-mat.str-el": "Strongly Correlated Electrons",
    "cond-mat.supr-con": "Superconductivity",
    "gr-qc": "General Relativity and Quantum Cosmology",
    "hep-ex": "High Energy Physics - Experiment",
    "hep-lat": "High Energy Physics - Lattice",
    "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory",
    "math-ph": "Mathematical Physics",
    "nlin.AO": "Adaptation and Self-Organizing Systems",
    "nlin.CD": "Chaotic Dynamics",
    "nlin.CG": "Cellular Automata and Lattice Gases",
    "nlin.PS": "Pattern Formation and Solitons",
    "nlin.SI": "Exactly Solvable and Integrable Systems",
    "nucl-ex": "Nuclear Experiment",
    "nucl-th": "Nuclear Theory",
    "physics.acc-ph": "Accelerator Physics",
    "physics.ao-ph": "Atmospheric and Oceanic Physics",
    "physics.app-ph": "Applied Physics",
    "physics.atm-clus": "Atomic and Molecular Clusters",
    "physics.atom-ph": "Atomic Physics",
    "physics.bio-ph": "Biological Physics",
    "physics.chem-ph": "Chemical Physics",
    "physics.class-ph": "Classical Physics",
    "physics.comp-ph": "Computational Physics",
    "physics.data-an": "Data Analysis, Statistics and Probability",
    "physics.ed-ph": "Physics Education",
    "physics.flu-dyn": "Fluid Dynamics",
    "physics.gen-ph": "General Physics",
    "physics.geo-ph": "Geophysics",
    "physics.hist-ph": "History and Philosophy of Physics",
    "physics.ins-det": "Instrumentation and Detectors",
    "physics.med-ph": "Medical Physics",
    "physics.optics": "Optics",
    "physics.plasm-ph": "Plasma Physics",
    "physics.pop-ph": "Popular Physics",
    "physics.soc-ph": "Physics and Society",
    "physics.space-ph": "Space Physics",
    "quant-ph": "Quantum Physics",
    # Quantitative Biology
    "q-bio.BM": "Biomolecules",
    "q-bio.CB": "Cell Behavior",
    "q-bio.GN": "Genomics",
    "q-bio.MN": "Molecular Networks",
    "q-bio.NC": "Neurons and Cognition",
    "q-bio.OT": "Other Quantitative Biology",
    "q-bio.PE": "Populations and Evolution",
    "q-bio.QM": "Quantitative Methods",
    "q-bio.SC": "Subcellular Processes",
    "q-bio.TO": "Tissues and Organs",
    # Quantitative Finance
    "q-fin.CP": "Computational Finance",
    "q-fin.GN": "General Finance",
    "q-fin.MF": "Mathematical Finance",
    "q-fin.PM": "Portfolio Management",
    "q-fin.PR": "Pricing of Securities",
    "q-fin.RM": "Risk Management",
    "q-fin.ST": "Statistical Finance",
    "q-fin.TR": "Trading and Market Microstructure",
    # Statistics
    "stat.AP": "Applications",
    "stat.CO": "Computation",
    "stat.ME": "Methodology",
    "stat.ML": "Machine Learning",
    "stat.OT": "Other Statistics",
}

# arXiv's second codes for subjects listed above under their canonical code.
_ALIASES: dict[str, str] = {
    "cs.SY": "eess.SY",
    "cs.NA": "math.NA",
    "math.IT": "cs.IT",
    "math.MP": "math-ph",
    "stat.TH": "math.ST",
    "q-fin.EC": "econ.GN",
}

# Names the show (or arXiv's own listings) use besides the table's, and the
# names two archives share, settled for a computer science show.
_EXTRA_NAMES: dict[str, str] = {
    "Computer Vision": "cs.CV",
    "Machine Learning": "cs.LG",
    "Human Computer Interaction": "cs.HC",
    "Multi-Agent Systems": "cs.MA",
    "Game Theory": "cs.GT",
    "Economics": "econ.GN",
}

#: The subject names that hold the show's title separator themselves
#: (``High Energy Physics - Theory``): a title that starts with one of these
#: has its category end after the name, not at the first ``" - "``.
NAMES_WITH_SEPARATOR: tuple[str, ...] = tuple(
    name for name in ARXIV_SUBJECTS.values() if " - " in name
)

_PUNCTUATION = re.compile(r"[\s,\-–—]+")


def _key(name: str) -> str:
    # Case, spacing, commas, hyphens and "&" for "and" vary between sources;
    # none of them tells two subjects apart.
    return _PUNCTUATION.sub(" ", name.replace("&", " and ")).strip().casefold()


def _build() -> tuple[dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    for code, name in ARXIV_SUBJECTS.items():
        by_name.setdefault(_key(name), code)
    for name, code in _EXTRA_NAMES.items():
        by_name[_key(name)] = code
    by_code = {code.casefold(): code for code in ARXIV_SUBJECTS}
    for alias, code in _ALIASES.items():
        by_code[alias.casefold()] = code
    return by_name, by_code


_BY_NAME, _BY_CODE = _build()
_SEEN: dict[str, str | None] = {}


def arxiv_code(category: str | None) -> str | None:
    """The arXiv code (``cs.CL``) for a subject name (``Computation and Language``).

    Case, runs of whitespace, commas, hyphens and ``&`` for ``and`` do not
    matter; a code given in place of a name (``cs.cl``, or an alias such as
    ``cs.SY``) gives arXiv's canonical code.  Unknown names give ``None``.

    >>> arxiv_code("Computation and Language")
    'cs.CL'
    >>> arxiv_code("  computer   vision ")
    'cs.CV'
    >>> arxiv_code("Machine Learning")
    'cs.LG'
    >>> arxiv_code("Cooking") is None
    True
    """
    if not category:
        return None
    # Writers ask once per episode, and a show uses a handful of names.
    try:
        return _SEEN[category]
    except KeyError:
        pass
    key = _key(category)
    code = _BY_NAME.get(key)
    if code is None:
        code = _BY_CODE.get(key.replace(" ", "-"))
    if len(_SEEN) >= 4096:
        _SEEN.clear()
    _SEEN[category] = code
    return code


def arxiv_name(code: str | None) -> str | None:
    """arXiv's name for a subject code (``cs.CL`` -> ``Computation and Language``).

    Case does not matter and aliases resolve (``cs.SY`` -> ``Systems and
    Control``); unknown codes give ``None``.

    >>> arxiv_name("cs.LG")
    'Machine Learning'
    """
    if not code:
        return None
    canonical = _BY_CODE.get(code.strip().casefold())
    return ARXIV_SUBJECTS[canonical] if canonical is not None else None


# arXiv's identifiers: YYMM.NNNNN since 2015 (four digits after the dot from
# 2007 to 2014) and archive/YYMMNNN before 2007, with an optional version.
_ARXIV_ID = re.compile(
    r"(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
    r"(?:v(?P<version>[1-9]\d{0,3}))?(?:\.pdf)?/?",
    re.IGNORECASE,
)


def split_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """An arXiv identifier as ``(id, version)``, or ``None`` if ``text`` is not one.

    Takes the bare id (``2106.09685``, ``hep-th/9901001``), with a version
    (``2106.09685v2``), with the ``arXiv:`` prefix, or as an abstract or PDF
    address on arxiv.org; surrounding whitespace does not matter.

    >>> split_arxiv_id("2106.09685v2")
    ('2106.09685', 2)
    >>> split_arxiv_id("http://arxiv.org/abs/hep-th/9901001v1")
    ('hep-th/9901001', 1)
    >>> split_arxiv_id("arXiv:2507.06261")
    ('2507.06261', None)
    >>> split_arxiv_id("2106.968") is None
    True
    """
    found = _ARXIV_ID.fullmatch(text.strip())
    if found is None:
        return None
    version = found["version"]
    return found["id"], int(version) if version else None


def abstract_url(arxiv_id: str, version: int | None = None) -> str:
    """The paper's abstract page on arxiv.org (``https://arxiv.org/abs/2106.09685v2``)."""
    return f"https://arxiv.org/abs/{arxiv_id}" + (f"v{version}" if version else "")


def pdf_url(arxiv_id: str, version: int | None = None) -> str:
    """The paper's PDF on arxiv.org (``https://arxiv.org/pdf/2106.09685v2``)."""
    return f"https://arxiv.org/pdf/{arxiv_id}" + (f"v{version}" if version else "")
