"""The build folder and graph stores: the output as one transaction, store generations,
queries, loading into SPARQL servers, and serving a build."""
