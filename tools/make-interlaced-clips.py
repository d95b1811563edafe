#!/usr/bin/python3
"""Makes interlaced versions of progressive clips, to measure how the
element should treat interlaced video (README, Interlaced video): whole
frames, or each field on its own.

  /usr/bin/python3 tools/make-interlaced-clips.py CLIPS OUT [--frames N]

For every clip of CLIPS (subfolders of numbered colour frames, as the dev
clips), writes two clips that tools/vc-quality.py scores:
  OUT/woven/NAME   frame k weaves the top field (even rows) of source frame
                   2k with the bottom field (odd rows) of frame 2k + 1, as a
                   camera that takes its fields at two instants; frame 0,
                   the reference, is source frame 0
  OUT/fields/NAME  the same fields one by one as half-height pictures, top
                   then bottom (what processing each field on its own sees);
                   frame 0, the reference, is the top field of frame 0
The rows are cut to an even number. Consecutive source frames are a frame
apart (1/25 or 1/30 s), twice a real field interval: the motion between
fields, and the combing, are larger than a camera's. Stored as PNG. Needs
Debian's python3-pil and python3-numpy."""
import argparse
import os

import numpy as np
from PIL import Image


def frames_of(clip):
    return sorted(os.path.join(clip, f) for f in os.listdir(clip)
                  if f[:5].isdigit() and f.lower().endswith(('.jpg', '.jpeg', '.png')))


def save(array, folder, index):
    Image.fromarray(array).save(os.path.join(folder, '%05d.png' % index))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('clips', help='folder of clips (subfolders of numbered colour frames)')
    p.add_argument('out', help='where the woven/ and fields/ clips go')
    p.add_argument('--frames', type=int, default=30, help='interlaced frames per clip (at most)')
    args = p.parse_args()
    for name in sorted(os.listdir(args.clips)):
        frames = frames_of(os.path.join(args.clips, name)) \
            if os.path.isdir(os.path.join(args.clips, name)) else []
        if len(frames) < 4:
            continue
        woven = os.path.join(args.out, 'woven', name)
        fields = os.path.join(args.out, 'fields', name)
        os.makedirs(woven, exist_ok=True)
        os.makedirs(fields, exist_ok=True)

        def rgb(i):
            return np.asarray(Image.open(frames[i]).convert('RGB'))[:rows]

        rows = np.asarray(Image.open(frames[0])).shape[0] // 2 * 2
        first = rgb(0)
        save(first, woven, 0)
        save(first[0::2], fields, 0)
        k = 0
        while k < args.frames and 2 * k + 3 < len(frames):
            top, bottom = rgb(2 * k + 2), rgb(2 * k + 3)
            frame = top.copy()
            frame[1::2] = bottom[1::2]
            save(frame, woven, k + 1)
            save(top[0::2], fields, 2 * k + 1)
            save(bottom[1::2], fields, 2 * k + 2)
            k += 1
        print('%s: %d interlaced frames, %d fields of %dx%d' %
              (name, k, 2 * k, first.shape[1], rows // 2))


if __name__ == '__main__':
    main()
