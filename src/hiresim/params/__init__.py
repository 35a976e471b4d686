"""The parameter schema: every parameter's default, bounds, unit and source."""
