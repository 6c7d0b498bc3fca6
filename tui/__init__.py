"""cable-reader's interface: the Textual app (screens, widgets, commands) and the ``cables`` command."""
