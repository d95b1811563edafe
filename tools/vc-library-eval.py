#!/usr/bin/python3
"""Does the reference library give each shot its own colours? Clips joined by hard cuts, through
the element.

    /usr/bin/python3 tools/vc-library-eval.py ../shared/data/dev_eval/video/kphotoalbum_movie \\
        ../shared/data/dev_eval/video/opencv_tree ../shared/data/dev_eval/video/opencv_vtest \\
        --distractors ../shared/data/dev_eval/photos

The video is each clip's frames --offset.. (--frames of them) in turn (resized to the first clip's size), as
GRAY8, one shot per clip. Each clip's frame 0 in colour is its shot's colourised still. Three
runs of the real element, scored per shot (PSNR and SSIM against the true frames, the metrics
of tools/vc-quality.py):
  library   library= a directory of the stills and --n-distractors pictures of --distractors
            (photos of other things), no reference: the element picks each shot's pictures
  refs      every still as a reference, all attended at once (what a user without a library
            does; at most 8)
  alone     each clip on its own with its own still as the reference: the best a library can
            give
Prints the three, and for the library run the pictures picked at each shot's start
(vcolorize-library messages; frame numbers count from 0 at the first clip's first frame).
"""
import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
import warnings

import numpy as np
from PIL import Image

# GValueArray.get_nth is deprecated, but gst_structure_get_array hands one out
warnings.filterwarnings('ignore', category=DeprecationWarning)
HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('vc_quality', os.path.join(HERE, 'vc-quality.py'))
vq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vq)


def score(outputs, truths):
    r = vq.mean_scores(outputs, truths)
    return [r['psnr'], r['ssim']]


def make_library(stills, names, distractors, n_distractors, folder):
    """FOLDER = the stills as PNG (still-NAME.png) and the first N_DISTRACTORS pictures of
    DISTRACTORS (by name)."""
    for still, name in zip(stills, names):
        Image.fromarray(still).save(os.path.join(folder, 'still-%s.png' % name))
    if distractors:
        photos = sorted(f for f in os.listdir(distractors) if not f.startswith('.'))
        for f in photos[:n_distractors]:
            shutil.copy(os.path.join(distractors, f), os.path.join(folder, 'other-' + f))


def array(structure, field):
    """A GstValueArray field of STRUCTURE as a list (no gst-python needed)."""
    ok, values = structure.get_array(field)
    return [values.get_nth(i) for i in range(values.n_values)] if ok else []


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('clips', nargs='+')
    p.add_argument('--frames', type=int, default=10, help="frames of each clip (scored)")
    p.add_argument('--offset', type=int, default=1,
                   help="each shot starts at this frame of its clip (default 1: the frame "
                        "after the still)")
    p.add_argument('--no-stills', action='store_true',
                   help="the library without the stills: how near unrelated pictures come")
    p.add_argument('--distractors', help="a folder of other pictures for the library")
    p.add_argument('--n-distractors', type=int, default=20)
    p.add_argument('--runs', default='library,refs,alone',
                   help="which runs, comma-separated (default: all three)")
    vq.add_element_arguments(p)
    args = p.parse_args()
    if len(args.clips) > 8:
        sys.exit('vc-library-eval: 8 clips at most (the refs run attends to all stills)')
    args.no_memory = False
    plugin = os.path.join(HERE, '..', 'build', 'gst')
    if 'GST_PLUGIN_PATH' not in os.environ and os.path.isdir(plugin):
        os.environ['GST_PLUGIN_PATH'] = os.path.normpath(plugin)
    vq.Gst.init(None)

    first = vq.clip_rgbs(args.clips[0], 0, 1)[0]
    size = (first.shape[1], first.shape[0])
    names = [os.path.basename(os.path.normpath(c)) for c in args.clips]
    stills = [vq.clip_rgbs(c, 0, 1, size)[0] for c in args.clips]
    shots = [vq.clip_rgbs(c, args.offset, args.frames, size) for c in args.clips]
    grays = [[vq.gray_of(f) for f in shot] for shot in shots]
    starts = np.cumsum([0] + [len(s) for s in shots])

    def run(settings, ref, more_refs, video):
        args.no_reference = ref is None
        element = vq.Element(args)
        element.settings.update(settings)
        outputs, seconds = element.colorize(first if ref is None else ref, video,
                                            more_refs=more_refs)
        return outputs, seconds, element.events

    all_grays = [g for shot in grays for g in shot]
    runs = args.runs.split(',')
    results, events = {}, []
    n_pictures = n_stills = 0
    if 'library' in runs:
        with tempfile.TemporaryDirectory() as library:
            make_library(() if args.no_stills else stills, names, args.distractors,
                         args.n_distractors, library)
            n_pictures = len(os.listdir(library))
            n_stills = 0 if args.no_stills else len(stills)
            outputs, seconds, events = run({'library': library}, None, (), all_grays)
            results['library'] = ([score(outputs[a:b], t) for a, b, t in
                                   zip(starts, starts[1:], shots)], seconds)
    if 'refs' in runs:
        outputs, seconds, _ = run({}, stills[0], tuple(stills[1:]), all_grays)
        results['refs'] = ([score(outputs[a:b], t) for a, b, t in
                            zip(starts, starts[1:], shots)], seconds)
    if 'alone' in runs:
        alone, total = [], 0.0
        for still, g, truth in zip(stills, grays, shots):
            outputs, seconds, _ = run({}, still, (), g)
            alone.append(score(outputs, truth))
            total += seconds
        results['alone'] = (alone, total)

    print('%s; %d frames each, %dx%d; library: %d stills and %d other pictures'
          % (' | '.join(names), args.frames, size[0], size[1], n_stills,
             n_pictures - n_stills))
    print('  %-8s %s  %7s %7s  %6s' % ('run', ' '.join('%17s' % n[:17] for n in names),
                                       'PSNR', 'SSIM', 'fps'))
    for name, (per_shot, seconds) in results.items():
        mean = np.mean(per_shot, axis=0)
        print('  %-8s %s  %7.2f %7.4f  %6.2f'
              % (name, ' '.join('%8.2f / %.4f' % tuple(s) for s in per_shot), mean[0], mean[1],
                 len(all_grays) / seconds))
    print('library picks (frame: pictures, differences; nearest):')
    for e in events:
        if e.get_name() != 'vcolorize-library':
            continue
        pictures = [os.path.basename(x) for x in array(e, 'pictures')]
        differences = ['%.3f' % d for d in array(e, 'differences')]
        print('  %d: %s %s; nearest %s %.3f'
              % (e.get_value('frame'), ', '.join(pictures) or '-', ', '.join(differences),
                 os.path.basename(e.get_value('nearest') or '-'),
                 e.get_value('nearest-difference')))


if __name__ == '__main__':
    main()
