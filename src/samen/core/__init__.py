"""Shared foundations that every domain app may use and that depend on no domain app.

``fields`` (encryption of personal data at rest), ``blind_index`` (keyed hashes for exact
look-ups of encrypted values), ``personal_data`` (the registry of models that hold personal
data, read by retention, erasure, subject access, key rotation and the data generator),
``pdf`` (documents with the shipped fonts), ``archives`` (archive inspection without
inflating), problem responses, request limits, private files and text isolation. The import
contracts in ``pyproject.toml`` keep this package free of imports from the apps above it.
"""
