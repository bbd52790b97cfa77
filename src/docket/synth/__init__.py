"""Synthetic populations with ground truth, for the demo, tests and linkage benchmarks.

``generate(persons, seed, **options)`` draws true persons (twins, juniors and seniors, people with
very common names among them), plans their lives (entries, status grants, overstays, removal orders,
departures, convictions) and writes each event down as one of seven agency sources would, with the
errors such sources make. Everything is embedded: nothing is downloaded, and the same seed gives the
same population.
"""

from docket.synth.options import SynthOptions
from docket.synth.population import Population, generate

__all__ = ["Population", "SynthOptions", "generate"]
