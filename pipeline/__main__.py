import warnings

# quantulum3 warns on import that its optional classifier is missing; we do not use it (it crashes with current
# scikit-learn), and a warning on every run would make cron mail every night. Set before any worker forks.
warnings.filterwarnings("ignore", message="Classifier dependencies not installed", category=UserWarning)

from .cli import main  # noqa: E402

main()
