"""What a scenario run writes: the result directory with its tables and manifest, the
figures and the HTML report."""
