"""Exporters: the built graph as Turtle, TriG, HTML and GraphML, each written atomically."""
