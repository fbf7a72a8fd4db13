"""The welfare module on the workbench (工作台): each part adds its own to-do providers."""
