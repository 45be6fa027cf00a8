"""The ``chainrule`` command: parses arguments, calls the library, renders. No math here."""
