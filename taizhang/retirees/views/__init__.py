"""The retirees pages under /retirees/: each part lists its own routes."""
