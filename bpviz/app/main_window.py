"""The main window: for now a welcome page saying what works and what comes next."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from bpviz import __version__

GRAD_EXAMPLE = 'bpviz grad "(x+y)*max(y,z)" x=1 y=2 z=0'

COMING_HTML = """
<ul style="margin-left: -24px">
<li style="margin-bottom: 8px"><b>Backprop stage</b>: step forward and backward through a circuit view,
watch each neuron in the neuron view, and follow every product in the
chain-rule ledger.</li>
<li><b>Decision-boundary lab</b>: see a softmax classifier draw a straight line
and a small neural network bend it.</li>
</ul>
"""

# palette(...) keeps the cards readable under light and dark desktop themes.
STYLE = """
QLabel { font-size: 11pt; }
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QLabel#title { font-size: 30pt; font-weight: bold; }
QLabel#tagline { font-size: 14pt; color: palette(placeholder-text); }
QLabel#heading { font-size: 14pt; font-weight: bold; }
QLabel#code { background: palette(alternate-base); border: 1px solid palette(midlight);
              border-radius: 4px; padding: 8px; }
"""


def _label(text: str, name: str = "") -> QLabel:
    """A word-wrapped label; `name` picks its style from STYLE."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _card(heading: str, *widgets: QWidget) -> QFrame:
    """A framed box with a heading above the given widgets."""
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(24, 18, 24, 20)
    layout.setSpacing(10)
    layout.addWidget(_label(heading, "heading"))
    for widget in widgets:
        layout.addWidget(widget)
    return card


class MainWindow(QMainWindow):
    """bpviz's main window, with File and Help menus."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("bpviz")
        self.resize(900, 600)
        self.setStyleSheet(STYLE)
        self.setCentralWidget(self._welcome_page())
        self._build_menus()

    def _welcome_page(self) -> QWidget:
        code = _label(GRAD_EXAMPLE, "code")
        code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        cli_card = _card(
            "The command line works today",
            _label("Compute any expression's value and its gradient with respect to "
                   "every input, straight from a terminal:"),
            code,
            _label("Run <code>bpviz --help</code> to see all the commands."),
        )
        coming_card = _card("Coming in the next releases", _label(COMING_HTML))

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(14)
        layout.addWidget(_label("bpviz", "title"))
        layout.addWidget(_label("Watch backpropagation happen, one step at a time.", "tagline"))
        layout.addSpacing(8)
        layout.addWidget(cli_card)
        layout.addWidget(coming_card)
        layout.addStretch()
        return page

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.quit_action = QAction("&Quit", self)
        # Spelled out rather than QKeySequence.Quit, which is empty on some platforms.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About bpviz", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def about_text(self) -> str:
        return (f"<h3>bpviz {__version__}</h3>"
                "<p>A desktop app that visualises backpropagation, step by step.</p>")

    def show_about(self) -> None:
        QMessageBox.about(self, "About bpviz", self.about_text())
