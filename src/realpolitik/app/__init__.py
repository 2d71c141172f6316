"""The application layer: the verbs every surface (CLI, web, report, Python API) calls."""
