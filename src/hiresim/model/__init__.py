"""The simulation: the week (model.py), its state, random streams, the mechanism
modules (one phase of the week each) and the Mesa agent views."""
