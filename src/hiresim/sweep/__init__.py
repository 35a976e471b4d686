"""Parameter sweeps: the runs of an experiment's design and sensitivity analysis."""
