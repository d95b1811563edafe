#!/usr/bin/python3
"""Stretch or fit: how vcolorize should take a reference of another aspect ratio.

For each clip (a folder of numbered colour frames, as vc-quality.py reads them) the reference
is a central crop of frame 0 (square, 16:9 and 3:4, each narrower or lower than the frame), and
frames 1..N are colorized from their luminance by the real element with keep-reference=0:

  stretch  the crop as it is: the element resizes it to the frames' network resolution
  fit      the crop at its place and scale in a frame-sized RGBA picture, transparent around
           it, so the network sees it undistorted and masks the cells outside it

and the mean RGB PSNR against the true frames is printed per clip, crop and way, with the full
frame 0 as a reference for comparison. The README's References paragraph gives the result.

  /usr/bin/python3 tools/vc-reference-aspect.py ../shared/data/dev_eval/video --frames 20
"""
import argparse
import importlib.util
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('vc_quality', os.path.join(HERE, 'vc-quality.py'))
vq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vq)
Gst, GstVideo = vq.Gst, vq.GstVideo

CROPS = {  # name: (width, height) of the crop for a frame of W × H
    'square': lambda w, h: (h, h),
    'wide': lambda w, h: (w, w * 9 // 16 & ~1),
    'portrait': lambda w, h: (h * 3 // 4 & ~1, h),
}


def colorize(ref, fmt, grays, timeout):
    """The element's RGB outputs for GRAYS with REF (H, W, 3 or 4 bytes, format FMT) on a pad."""
    height, width = grays[0].shape
    video_in = vq.video_caps('GRAY8', width, height, '%d/1' % vq.FPS)
    video = vq.make('appsrc', caps=video_in, format=Gst.Format.TIME)
    vc = vq.make('vcolorize')
    Gst.util_set_object_arg(vc, 'keep-reference', '0')
    sink = vq.make('appsink', caps=Gst.Caps.from_string('video/x-raw,format=RGB'), sync=False)
    ref_caps = vq.video_caps(fmt, ref.shape[1], ref.shape[0], '0/1')
    ref_src = vq.make('appsrc', caps=ref_caps, format=Gst.Format.TIME)
    pipeline = Gst.Pipeline.new('aspect')
    for e in (video, vc, sink, ref_src):
        pipeline.add(e)
    pad = vc.request_pad_simple('ref_%u')
    if not (video.link_pads('src', vc, 'sink') and vc.link(sink)) or \
            ref_src.get_static_pad('src').link(pad) != Gst.PadLinkReturn.OK:
        raise RuntimeError('cannot link the pipeline')
    ref_src.push_buffer(vq.to_buffer(ref, ref_caps, 0))
    ref_src.end_of_stream()
    for i, gray in enumerate(grays):
        video.push_buffer(vq.to_buffer(gray, video_in, i))
    video.end_of_stream()
    puller = vq.Element.__new__(vq.Element)
    puller.timeout = timeout
    try:
        pipeline.set_state(Gst.State.PLAYING)
        outputs = puller._pull(pipeline, sink)
    finally:
        pipeline.set_state(Gst.State.NULL)
        vc.release_request_pad(pad)
    if len(outputs) != len(grays):
        raise RuntimeError('the element gave %d frames for %d' % (len(outputs), len(grays)))
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('clips', help='folder of clips (subfolders of numbered colour frames) '
                        'or one clip')
    parser.add_argument('--frames', type=int, default=20, help='frames after the reference')
    parser.add_argument('--timeout', type=float, default=600)
    args = parser.parse_args()
    vq.init_gst()
    totals = {}
    for clip in vq.find_clips(args.clips, None):
        frames = [vq.load_rgb(p) for p in vq.clip_frames(clip)[:args.frames + 1]]
        ref, truths = frames[0], frames[1:]
        grays = [vq.l_to_gray(vq.rgb_to_lab(t)[..., 0]) for t in truths]
        h, w = ref.shape[:2]
        cases = {'full': (ref, 'RGB')}
        for name, size in CROPS.items():
            cw, ch = (min(a, b) for a, b in zip(size(w, h), (w, h)))
            x0, y0 = (w - cw) // 2, (h - ch) // 2
            crop = np.ascontiguousarray(ref[y0:y0 + ch, x0:x0 + cw])
            fitted = np.zeros((h, w, 4), np.uint8)
            fitted[y0:y0 + ch, x0:x0 + cw, :3] = crop
            fitted[y0:y0 + ch, x0:x0 + cw, 3] = 255
            cases[name + ' stretch'] = (crop, 'RGB')
            cases[name + ' fit'] = (fitted, 'RGBA')
        for name, (picture, fmt) in cases.items():
            outputs = colorize(picture, fmt, grays, args.timeout)
            psnr = float(np.mean([vq.full_reference(o, t)['psnr'] for o, t in zip(outputs, truths)]))
            if name != 'full':
                totals.setdefault(name.split()[-1], []).append(psnr)
            print('%-20s %-18s %4dx%-4d %6.2f dB' % (os.path.basename(os.path.normpath(clip)), name,
                                                   picture.shape[1], picture.shape[0], psnr),
                  flush=True)
    for way, values in totals.items():
        print('mean %-8s %6.2f dB over %d cases' % (way, np.mean(values), len(values)))


if __name__ == '__main__':
    sys.exit(main())
