"""Lecture 3's point in one picture: softmax draws a straight line, a neural net bends.

Trains softmax regression and a 2-16-16-3 tanh MLP on the 3-arm spiral from the same
seed, prints both accuracies, and writes decision_boundary.png: each model's class
probabilities on a 200×200 grid (colours blended by probability), training points
filled and test points hollow.

    python examples/decision_boundary.py [output.png]
"""

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bpviz.data.atomic_write import write_bytes_atomically
from bpviz.data.dataset import split
from bpviz.data.errors import FileWriteError
from bpviz.data.generators import generate
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.trainer import Trainer, TrainSettings

GRID, BOX, EPOCHS = 200, 1.25, 200
# Okabe–Ito colours: told apart by colour-blind viewers too.
CLASS_COLOURS = np.array([[230, 159, 0], [86, 180, 233], [0, 158, 115], [204, 121, 167],
                          [240, 228, 66]], dtype=float)


def train(hidden, seed=0):
    """A classifier trained on the spiral; returns it, the split and its last epoch record."""
    rng = np.random.default_rng(seed)
    parts = split(generate("spiral", rng=rng), 0.5, rng)
    model = Classifier(2, parts.train.num_classes, ClassifierConfig(hidden=hidden), rng)
    trainer = Trainer(model, (parts.train.X, parts.train.y), (parts.test.X, parts.test.y),
                      TrainSettings(), rng)
    record = [trainer.run_epoch() for _ in range(EPOCHS)][-1]
    return model, parts, record


def to_pixels(points):
    """Plane coordinates in [−BOX, BOX]² to pixel coordinates, y pointing up."""
    return (points + BOX) / (2 * BOX) * np.array([GRID, -GRID]) + np.array([0, GRID])


def panel(model, parts, title):
    """The model's probability heatmap with the data on top, and a title above it."""
    axis = np.linspace(-BOX, BOX, GRID)
    xx, yy = np.meshgrid(axis, axis[::-1])  # the first row of the image is the top
    probabilities = model.predict_proba(np.column_stack([xx.ravel(), yy.ravel()]))
    colours = probabilities @ CLASS_COLOURS[:probabilities.shape[1]]
    pale = 255 - 0.55 * (255 - colours)  # lighter than the points drawn on top
    heatmap = Image.fromarray(pale.reshape(GRID, GRID, 3).astype(np.uint8)).resize((400, 400))
    image = Image.new("RGB", (400, 440), "white")
    image.paste(heatmap, (0, 40))
    draw = ImageDraw.Draw(image)
    draw.text((10, 10), title, fill="black", font=ImageFont.load_default(size=18))
    for dataset, filled in ((parts.train, True), (parts.test, False)):
        for (x, y), label in zip(to_pixels(dataset.X) * 2 + [0, 40], dataset.y):
            colour = tuple(int(c) for c in CLASS_COLOURS[label])
            draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=colour if filled else "white",
                         outline=colour if not filled else "black", width=2 if not filled else 1)
    return image


def main() -> None:
    output = sys.argv[1] if len(sys.argv) > 1 else "decision_boundary.png"
    picture = Image.new("RGB", (820, 440), "white")
    for position, (name, hidden) in enumerate([("softmax", ()), ("neural net 16-16", (16, 16))]):
        model, parts, record = train(hidden)
        print(f"{name}: train accuracy {record.train_accuracy:.0%}, "
              f"test accuracy {record.test_accuracy:.0%}")
        title = f"{name}: test accuracy {record.test_accuracy:.0%}"
        picture.paste(panel(model, parts, title), (position * 420, 0))
    # Encoded first, then written all or nothing: a full disk keeps an older picture.
    encoded = io.BytesIO()
    picture.save(encoded, Image.registered_extensions().get(Path(output).suffix.lower(), "PNG"))
    try:
        write_bytes_atomically(output, encoded.getvalue())
    except FileWriteError as error:
        sys.exit(f"error: {error}")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
