#!/usr/bin/python3
"""Do colour hints bring the colours nearer the truth? Dev clips through the element, with and
without hints painted from the truth.

    /usr/bin/python3 tools/vc-hints-eval.py ../shared/data/dev_eval/video/opencv_vtest \\
        ../shared/data/dev_eval/video/opencv_tree ../shared/data/dev_eval/video/kphotoalbum_movie

For each clip, frames 0.. (--frames of them) as GRAY8 with no reference: without hints, and
with a hints picture (PNG, transparent) of --dots squares of 7×7 pixels at random places
(seed --seed), each of the true colour of frame 0 at its centre: what a person who knows the
colours might paint on the first frame. The hints run in each of --modes (the element's
hints-mode): every-frame, where a hint stays where it was painted, so on a moving clip the
later frames gain less; keyframe, where frame 0 takes them and the temporal memory carries them
on. Prints PSNR and SSIM (the metrics of tools/vc-quality.py) of frame 0 and of all the frames.
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
    p.add_argument('--modes', default='every-frame,keyframe',
                   help='comma-separated hints-mode values to score')
    vq.add_element_arguments(p)
    args = p.parse_args()
    args.no_memory = False
    args.no_reference = True
    plugin = os.path.join(HERE, '..', 'build', 'gst')
    if 'GST_PLUGIN_PATH' not in os.environ and os.path.isdir(plugin):
        os.environ['GST_PLUGIN_PATH'] = os.path.normpath(plugin)
    vq.Gst.init(None)
    modes = args.modes.split(',')
    print('%d frames per clip, %d hint squares on frame 0 (seed %d), no reference'
          % (args.frames, args.dots, args.seed))
    runs = ['none'] + modes
    print('  %-20s %-12s %8s %8s %8s' % ('clip', 'hints', 'frame 0', 'all', 'SSIM'))
    totals = {run: [] for run in runs}
    with tempfile.TemporaryDirectory() as folder:
        for clip in args.clips:
            truths = vq.clip_rgbs(clip, 0, args.frames)
            grays = [vq.gray_of(f) for f in truths]
            hints = os.path.join(folder, 'hints.png')
            paint_hints(truths[0], args.dots, args.seed, hints)
            name = os.path.basename(os.path.normpath(clip))
            for run in runs:
                element = vq.Element(args)
                if run != 'none':
                    element.settings['hints'] = hints
                    element.extra = element.extra + [('hints-mode', run)]
                outputs, _ = element.colorize(truths[0], grays)
                first = vq.mean_scores(outputs[:1], truths[:1])
                every = vq.mean_scores(outputs, truths)
                row = (first['psnr'], every['psnr'], every['ssim'])
                totals[run].append(row)
                print('  %-20s %-12s %8.2f %8.2f %8.4f' % (name, run, *row), flush=True)
    for run in runs:
        mean = np.mean(totals[run], axis=0)
        print('  %-20s %-12s %8.2f %8.2f %8.4f' % ('mean', run, *mean))


if __name__ == '__main__':
    main()
