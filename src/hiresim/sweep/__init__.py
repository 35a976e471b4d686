"""Parameter sweeps: designs, the sweep runner and sensitivity analysis."""
