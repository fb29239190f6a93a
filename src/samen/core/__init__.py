"""Shared foundations that depend on no domain app: archive inspection, problem responses,
request limits, private files, text isolation. Nothing here may import another samen app."""
