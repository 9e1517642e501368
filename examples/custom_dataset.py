"""Your own data in the decision-boundary lab: a CSV file with text class names.

Loads examples/data/smiley.csv (the outline, eyes and mouth of a smiley, labelled
"face", "eye" and "mouth"), trains softmax regression and a 2-8-8-3 tanh net on it in
lockstep, exactly as the lab's two panels do, and prints both accuracies and the net's
decision regions as text, one letter per class.

    python examples/custom_dataset.py [data.csv]
"""

import sys
from pathlib import Path

from bpviz.data.csv_format import load_csv
from bpviz.labs.boundary import PANEL_TITLES, PANELS, LabSession

DATA = Path(__file__).resolve().parent / "data" / "smiley.csv"
EPOCHS, MAP_SIZE = 80, 32


def main(path: Path) -> None:
    dataset = load_csv(path)
    print(f"{path.name}: {len(dataset)} points, classes: {', '.join(dataset.class_names)}")
    session = LabSession(dataset, grid_size=MAP_SIZE)
    for _ in range(EPOCHS):
        session.run_epoch()
    print(f"after {EPOCHS} epochs ({session.steps} steps of {session.train.batch_size} points):")
    for panel in PANELS:
        print(f"  {PANEL_TITLES[panel]:18} train accuracy {session.accuracy(panel, 'train'):6.1%}"
              f"   test accuracy {session.accuracy(panel, 'test'):6.1%}")
    print("the neural net's regions (" + ", ".join(f"{name[0]} = {name}"
                                                   for name in dataset.class_names) + "):")
    letters = [name[0] for name in dataset.class_names]
    regions = session.grid("mlp").argmax
    for row in regions[::-1]:  # row 0 is the bottom of the plane; print the top first
        print("  " + "".join(letters[label] * 2 for label in row))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
