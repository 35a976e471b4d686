"""Running scenarios: execution on processes or Dask, atomic storage, evaluation
(effects and their intervals) and the calibration of the default market."""
