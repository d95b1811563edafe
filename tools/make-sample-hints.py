#!/usr/bin/python3
"""Makes samples/vtest-hints.png, the bundled sample's colour hints: a transparent picture of the
reference's size with 40 squares of 7×7 pixels at random places (seed 1), each of the colour of
samples/vtest-ref.jpg at its centre — what a person who knows the colours might paint on the
first frame (the picture tools/vc-hints-eval.py paints).

  /usr/bin/python3 tools/make-sample-hints.py

Needs Debian's python3-pil and python3-numpy."""
import importlib.util
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')


def main():
    spec = importlib.util.spec_from_file_location('hints_eval',
                                                  os.path.join(HERE, 'vc-hints-eval.py'))
    hints_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hints_eval)
    ref = np.asarray(Image.open(os.path.join(ROOT, 'samples', 'vtest-ref.jpg')).convert('RGB'))
    out = os.path.join(ROOT, 'samples', 'vtest-hints.png')
    hints_eval.paint_hints(ref, 40, 1, out)
    print(out)


if __name__ == '__main__':
    main()
