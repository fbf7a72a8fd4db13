def load(admin):
    pass
