"""update_lr loops forever; a later cell loops and swallows every interruption."""


def update_lr(learning_rate0, epoch_num, decay_rate):
    while True:
        pass
