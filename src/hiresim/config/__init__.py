"""Scenario and experiment files: YAML with source lines, validation and error messages."""
