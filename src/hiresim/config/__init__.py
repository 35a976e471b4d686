"""Scenario and experiment files: YAML with source lines, validation and error messages,
and the sampling designs an experiment file can name."""
