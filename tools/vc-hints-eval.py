#!/usr/bin/python3
"""Do colour hints bring the colours nearer the truth? Dev clips through the element, with and
without hints painted from the truth.

    /usr/bin/python3 tools/vc-hints-eval.py ../shared/data/dev_eval/video/opencv_vtest \\
        ../shared/data/dev_eval/video/opencv_tree ../shared/data/dev_eval/video/kphotoalbum_movie

For each clip, frames 0.. (--frames of them) as GRAY8 with no reference, twice: without hints,
and with a hints picture (PNG, transparent) of --dots squares of 7×7 pixels at random places
(seed --seed), each of the true colour of frame 0 at its centre: what a person who knows the
colours might paint on the first frame. Prints PSNR and SSIM (the metrics of
tools/vc-quality.py) of frame 0 and of all the frames: hints stay where they were painted, so on
a moving clip the later frames gain less.
"""
import argparse
import importlib.util
import os
import tempfile

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('vc_quality', os.path.join(HERE, 'vc-quality.py'))
vq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vq)


def paint_hints(truth, dots, seed, path):
    """PATH = a transparent picture of TRUTH's size with DOTS 7×7 squares of its colours."""
    height, width = truth.shape[:2]
    rng = np.random.default_rng(seed)
    hints = np.zeros((height, width, 4), np.uint8)
    for _ in range(dots):
        y, x = rng.integers(3, height - 3), rng.integers(3, width - 3)
        hints[y - 3:y + 4, x - 3:x + 4, :3] = truth[y, x]
        hints[y - 3:y + 4, x - 3:x + 4, 3] = 255
    Image.fromarray(hints, 'RGBA').save(path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('clips', nargs='+')
    p.add_argument('--frames', type=int, default=10, help='frames of each clip (scored)')
    p.add_argument('--dots', type=int, default=40, help='hint squares painted on frame 0')
    p.add_argument('--seed', type=int, default=1)
    vq.add_element_arguments(p)
    args = p.parse_args()
    args.no_memory = False
    args.no_reference = True
    plugin = os.path.join(HERE, '..', 'build', 'gst')
    if 'GST_PLUGIN_PATH' not in os.environ and os.path.isdir(plugin):
        os.environ['GST_PLUGIN_PATH'] = os.path.normpath(plugin)
    vq.Gst.init(None)
    print('%d frames per clip, %d hint squares on frame 0 (seed %d), no reference'
          % (args.frames, args.dots, args.seed))
    print('  %-20s %21s %21s' % ('clip', 'frame 0: none / hints', 'all: none / hints'))
    totals = []
    with tempfile.TemporaryDirectory() as folder:
        for clip in args.clips:
            truths = vq.clip_rgbs(clip, 0, args.frames)
            grays = [vq.gray_of(f) for f in truths]
            hints = os.path.join(folder, 'hints.png')
            paint_hints(truths[0], args.dots, args.seed, hints)
            row = []
            for with_hints in (False, True):
                element = vq.Element(args)
                if with_hints:
                    element.settings['hints'] = hints
                outputs, _ = element.colorize(truths[0], grays)
                first = vq.mean_scores(outputs[:1], truths[:1])
                every = vq.mean_scores(outputs, truths)
                row.append((first['psnr'], every['psnr'], every['ssim']))
            totals.append(row)
            name = os.path.basename(os.path.normpath(clip))
            print('  %-20s %9.2f / %6.2f   %9.2f / %6.2f dB  (SSIM %.4f / %.4f)'
                  % (name, row[0][0], row[1][0], row[0][1], row[1][1], row[0][2], row[1][2]))
    mean = np.mean(totals, axis=0)
    print('  %-20s %9.2f / %6.2f   %9.2f / %6.2f dB  (SSIM %.4f / %.4f)'
          % ('mean', mean[0][0], mean[1][0], mean[0][1], mean[1][1], mean[0][2], mean[1][2]))


if __name__ == '__main__':
    main()
