"""The parameters: the schema with every default, bound, unit and source (`schema`, made
of `sections` and `programme`), what a field allows in words (`describe`), problems with
values (`issues`), and the one way of changing parameters by name (`overrides`)."""
