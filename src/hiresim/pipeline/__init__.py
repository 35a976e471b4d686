"""Running scenario runs and sweeps alike: planning, execution on processes or Dask,
streaming storage and resume, atomic writes, evaluation (effects and their intervals)
and the calibration of the default market."""
