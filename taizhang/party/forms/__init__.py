"""The Double Hundred module's forms, one module per part of the work."""
