"""Generates configuration under gen/config/ (an example script; strap never runs it)."""
