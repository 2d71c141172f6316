"""The application layer: the verbs every surface (CLI, web app, report, Python API) calls.

- :func:`realpolitik.app.compare.compare`: several models on one scenario, side by side.
"""
