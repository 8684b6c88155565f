"""Every path into the project's data: the one module that knows where `ontology/` is.

In a checkout (and an editable install) the data is the repository's `ontology/` folder;
an installed wheel carries the same files as the package `kg._ontology` (pyproject.toml maps
the folder there), so `pip install newskg` works anywhere, a Dask worker included.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _ontology() -> Path:
    checkout = Path(__file__).resolve().parents[1] / "ontology"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("kg") / "_ontology"))


ONTOLOGY = _ontology()
KB_DIR = ONTOLOGY / "kb"
FRAMES_DIR = ONTOLOGY / "frames"
GRAMMAR_DIR = ONTOLOGY / "grammar"
LEXICON_DIR = ONTOLOGY / "lexicon"
QUERY_DIR = ONTOLOGY / "queries"
CAMEO_DATA = ONTOLOGY / "cameo.json"
CONTEXT = ONTOLOGY / "context.jsonld"
SHAPES = ONTOLOGY / "shapes.ttl"
VOCABULARY = ONTOLOGY / "newskg.ttl"
