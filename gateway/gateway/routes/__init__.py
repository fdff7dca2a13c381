"""The gateway's routes, one module per programme (and accounts, members, the platform)."""
