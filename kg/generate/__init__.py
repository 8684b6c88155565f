"""Scripts that write data files from their sources (run with python -m; a test checks each output is current)."""
