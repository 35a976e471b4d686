"""What a scenario run writes: the result directory with its tables and manifest, the
figures, the HTML report (rendered from the templates in ``templates/``) and the summary
`hiresim run` prints."""
