#!/usr/bin/python3
"""Makes synthetic panning clips from photos, to check that colours follow what moves (colour
hints with hints-mode=keyframe, README): a camera pans steadily across a photo, left to right;
frames are stored as JPEG, numbered from 00000, as the dev clips are, so that
tools/vc-quality.py and tools/vc-hints-eval.py score them.

  /usr/bin/python3 tools/make-pan-clips.py OUT [--photos DIR] [--frames N] [--travel PIXELS]

Each clip is named after its photo. Needs Debian's python3-pil and python3-numpy."""
import argparse
import importlib.util
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('still', os.path.join(HERE, 'make-still-clips.py'))
still = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(still)

PHOTOS = ['0017', '0057', '0050']  # file-name prefixes of the dev photos
SIZE = (320, 240)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out')
    ap.add_argument('--photos', default=os.path.join(HERE, '..', '..', 'shared', 'data',
                                                     'dev_eval', 'photos'))
    ap.add_argument('--frames', type=int, default=30)
    ap.add_argument('--travel', type=int, default=240,
                    help='how far the camera pans over the clip, in pixels')
    args = ap.parse_args()
    for prefix in PHOTOS:
        name, scene = still.load(args.photos, prefix, (SIZE[0] + args.travel, SIZE[1]))
        clip = os.path.join(args.out, os.path.splitext(name)[0])
        os.makedirs(clip, exist_ok=True)
        for t in range(args.frames):
            x0 = round(t * args.travel / max(args.frames - 1, 1))
            frame = scene[:, x0:x0 + SIZE[0]]
            Image.fromarray(np.clip(np.rint(frame), 0, 255).astype(np.uint8)).save(
                os.path.join(clip, '%05d.jpg' % t), quality=92)
        print(clip, args.frames, 'frames')


if __name__ == '__main__':
    main()
