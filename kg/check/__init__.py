"""Checks of what was built: the graph contract's shapes, the ontology, scores against gold
facts, and the calibration of merge confidence."""
