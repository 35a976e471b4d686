"""What a scenario run writes for people to read: figures and the HTML report."""
