"""Analysis: each article routed by language, parsed and extracted into one Analysed record,
in this process, a pool or a cluster, with a cache in front (stream.py knows all three)."""
