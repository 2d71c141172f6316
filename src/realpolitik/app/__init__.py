"""The application layer: the verbs every surface calls (here: :mod:`.whatif`)."""
