from tests.trials.conftest import condition_trials, sample_trials  # noqa: F401
