"""The sections of `Params`, one model each: the labour force, jobs and money, vacancies
and search, assessment and employer learning, and mentoring (skills outside programmes,
the mentoring technology, the mechanism switches). `params.schema` combines them, in this
order, into `Params`."""
