"""The command line: `hiresim COMMAND`."""
