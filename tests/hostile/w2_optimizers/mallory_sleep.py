"""schedule_lr_decay sleeps for days."""


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    import time

    time.sleep(10**6)
    return learning_rate0
