#!/usr/bin/python3
"""Does colour leak across a scene cut? Two clips joined by a hard cut, through the element.

    /usr/bin/python3 tools/vc-cut-leak.py ../shared/data/dev_eval/video/opencv_tree \\
        ../shared/data/dev_eval/video/opencv_vtest

The video is clip A's frames 1..--before, then clip B's frames 1..--after (resized to A's size),
as GRAY8; the references are both clips' frame 0 in colour, each on a ref_%u pad. Three runs of
the real element, scored on clip B's frames (PSNR and SSIM against B's true frames, the same
metrics as tools/vc-quality.py):
  detected  the element as it is: the cut is detected, the memory forgotten there
  carried   scene-threshold=100 and keyframe-threshold=0: no cut and no new keyframe, so the
            memory of clip A (its keyframe, the previous frame) is carried across the cut
  alone     clip B's frames on their own, same references: a clean start, the best a cut
            detector can give
With --refs a only clip A's frame 0 is given, so clip B has no matching reference: what the
memory carries over is then all the colour clip B could take from clip A, the harsher test.
Prints the three and the element's vcolorize-scene-cut messages (frame numbers count from 0 at
A's first frame, so a cut found at frame --before is exact).
"""
import argparse
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('vc_quality', os.path.join(HERE, 'vc-quality.py'))
vq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vq)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('clip_a')
    p.add_argument('clip_b')
    p.add_argument('--before', type=int, default=20, help="frames of clip A before the cut")
    p.add_argument('--after', type=int, default=10, help="frames of clip B after it (scored)")
    p.add_argument('--refs', choices=('both', 'a'), default='both',
                   help="both clips' frames 0 (default), or only clip A's")
    vq.add_element_arguments(p)
    args = p.parse_args()
    args.no_memory = args.no_reference = False  # what vc-quality's Element reads
    plugin = os.path.join(HERE, '..', 'build', 'gst')
    if 'GST_PLUGIN_PATH' not in os.environ and os.path.isdir(plugin):
        os.environ['GST_PLUGIN_PATH'] = os.path.normpath(plugin)
    vq.Gst.init(None)

    ref_a = vq.clip_rgbs(args.clip_a, 0, 1)[0]
    size = (ref_a.shape[1], ref_a.shape[0])
    ref_b = vq.clip_rgbs(args.clip_b, 0, 1, size)[0]
    a = vq.clip_rgbs(args.clip_a, 1, args.before)
    b = vq.clip_rgbs(args.clip_b, 1, args.after, size)
    grays_a, grays_b = [vq.gray_of(f) for f in a], [vq.gray_of(f) for f in b]

    runs = {'detected': ({}, grays_a + grays_b),
            'carried': ({'scene-threshold': 100.0, 'keyframe-threshold': 0.0},
                        grays_a + grays_b),
            'alone': ({}, grays_b)}
    more_refs = (ref_b,) if args.refs == 'both' else ()
    print('%s (%d frames) | cut | %s (%d frames), %dx%d, references: %s'
          % (os.path.basename(os.path.normpath(args.clip_a)), len(a),
             os.path.basename(os.path.normpath(args.clip_b)), len(b), size[0], size[1],
             'both frames 0' if more_refs else "clip A's frame 0 only"))
    print('  %-9s %7s %7s  %s' % ('run', 'PSNR', 'SSIM', 'cuts (frame: score)'))
    for name, (settings, grays) in runs.items():
        element = vq.Element(args)
        element.settings.update(settings)
        outputs, _ = element.colorize(ref_a, grays, more_refs=more_refs)
        r = vq.mean_scores(outputs[-len(b):], b)
        cuts = ['%d: %.2f' % (e.get_value('frame'), e.get_value('score'))
                for e in element.events if e.get_name() == 'vcolorize-scene-cut']
        print('  %-9s %7.2f %7.4f  %s' % (name, r['psnr'], r['ssim'], ', '.join(cuts) or '-'))


if __name__ == '__main__':
    main()
