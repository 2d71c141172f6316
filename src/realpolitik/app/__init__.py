"""The application layer: the verbs every surface (CLI, web app, report, Python API) calls."""
