#!/usr/bin/python3
"""Makes synthetic still-camera clips from photos, to check keep-reference
(README) on pictures it was not tuned on: a fixed camera sees a photo, a
patch of another photo crosses it (something passing by), the exposure
drifts (sine, a few percent of the light) and the sensor adds noise; frames
are stored as JPEG, numbered from 00000, as the dev clips are, so that
tools/vc-quality.py scores them (frame 0 in colour is the reference).

  /usr/bin/python3 tools/make-still-clips.py OUT [--photos DIR] [--frames N]
      [--drift PERCENT] [--noise SIGMA]

Each clip is named after its background photo. Needs Debian's python3-pil
and python3-numpy."""
import argparse
import os

import numpy as np
from PIL import Image

# (background, passer-by) file-name prefixes of the dev photos
PAIRS = [('0017', '0063'), ('0057', '0061'), ('0050', '0068')]
SIZE = (640, 360)
PATCH = (150, 190)


def load(photos, prefix, size):
    name = next(f for f in sorted(os.listdir(photos)) if f.startswith(prefix + '_'))
    im = Image.open(os.path.join(photos, name)).convert('RGB')
    # cover SIZE, centred
    scale = max(size[0] / im.width, size[1] / im.height)
    im = im.resize((round(im.width * scale), round(im.height * scale)), Image.LANCZOS)
    left, top = (im.width - size[0]) // 2, (im.height - size[1]) // 2
    return name, np.asarray(im.crop((left, top, left + size[0], top + size[1])), np.float64)


def srgb_to_linear(v):
    v = v / 255.0
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(v):
    v = np.clip(v, 0.0, 1.0)
    return 255.0 * np.where(v <= 0.0031308, 12.92 * v, 1.055 * v ** (1 / 2.4) - 0.055)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out')
    ap.add_argument('--photos', default=os.path.join(
        os.path.dirname(__file__), '..', '..', 'shared', 'data', 'dev_eval', 'photos'))
    ap.add_argument('--frames', type=int, default=40)
    ap.add_argument('--drift', type=float, default=3.0,
                    help='exposure drift: amplitude, percent of the light')
    ap.add_argument('--noise', type=float, default=1.5, help='sensor noise, 8-bit levels')
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    for background, passer in PAIRS:
        name, scene = load(args.photos, background, SIZE)
        _, patch = load(args.photos, passer, PATCH)
        clip = os.path.join(args.out, os.path.splitext(name)[0])
        os.makedirs(clip, exist_ok=True)
        light = srgb_to_linear(scene)
        patch_light = srgb_to_linear(patch)
        y0 = (SIZE[1] - PATCH[1]) // 2
        for t in range(args.frames):
            frame = light.copy()
            # the passer-by crosses from just off the left edge to the right
            x0 = round(-PATCH[0] / 2 + t * (SIZE[0] + PATCH[0]) / max(args.frames - 1, 1))
            a, b = max(x0, 0), min(x0 + PATCH[0], SIZE[0])
            if a < b:
                frame[y0:y0 + PATCH[1], a:b] = patch_light[:, a - x0:b - x0]
            frame *= 1.0 + args.drift / 100.0 * np.sin(2 * np.pi * t / 25.0)
            pixels = linear_to_srgb(frame) + rng.normal(0.0, args.noise, frame.shape)
            Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8)).save(
                os.path.join(clip, '%05d.jpg' % t), quality=92)
        print(clip, args.frames, 'frames')


if __name__ == '__main__':
    main()
