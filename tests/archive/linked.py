"""The sample show with two episodes linked to their arXiv papers, as paperledge.arxiv links them.

The LoRA episode is titled and linked by title and authors; the Whisper
episode is untitled and linked by its credited authors alone, so that its
paper's title is nowhere else in the episode.
"""

from __future__ import annotations

import datetime as dt

import attrs

import paperledge
from paperledge import Paper, Show

__all__ = ["LORA", "LORA_INDEX", "WHISPER", "WHISPER_INDEX", "linked_sample"]

LORA_INDEX = 8
WHISPER_INDEX = 12

_SAMPLE = paperledge.load_sample()

LORA = Paper(
    arxiv_id="2106.09685",
    version=2,
    title="LoRA: Low-Rank Adaptation of Large Language Models",
    authors=_SAMPLE.episodes[LORA_INDEX].authors,
    primary_category="cs.CL",
    published=dt.date(2021, 6, 17),
    matched_by="both",
    score=0.97,
)
WHISPER = Paper(
    arxiv_id="2212.04356",
    version=1,
    title="Robust Speech Recognition via Large-Scale Weak Supervision",
    authors=_SAMPLE.episodes[WHISPER_INDEX].authors,
    primary_category="eess.AS",
    published=dt.date(2022, 12, 6),
    matched_by="authors",
    score=0.8125,
)


def linked_sample() -> Show:
    """The sample show, its LoRA and Whisper episodes linked to their papers."""
    episodes = list(_SAMPLE.episodes)
    episodes[LORA_INDEX] = attrs.evolve(episodes[LORA_INDEX], paper=LORA)
    episodes[WHISPER_INDEX] = attrs.evolve(episodes[WHISPER_INDEX], paper=WHISPER)
    return attrs.evolve(_SAMPLE, episodes=tuple(episodes))
