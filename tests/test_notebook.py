"""notebooks/explore.ipynb runs from top to bottom, and is committed without outputs."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .factories import events_in

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                "strip outputs before committing"
            )


@pytest.mark.slow
def test_runs_top_to_bottom(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    charts = [o for o in outputs if "image/png" in o.get("data", {})]
    assert f"{events_in(ROOT / 'output')} events from 5 articles" in text  # the seed build
    assert any("dataframe" in table and "<th>agent</th>" in table for table in tables)
    assert charts  # events per month by relation
    assert any("<th>gave</th>" in table and "<th>received</th>" in table for table in tables)
    countries = re.search(r"(\d+) countries, (\d+) directed links", text)
    assert countries and int(countries.group(2)) > 0  # the country-to-country network
