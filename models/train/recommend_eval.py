"""Would picking references from a library of unrelated photos help? (seed 003's automatic
reference recommendation, measured with the shipped model file.)

Each query photo is colorized from its L* alone at short side 256 by the model file's graph
(interp.py, float32), once with no reference (the network's automatic mode), and once each
with references picked from the library:
  random   one library photo at random (seed 0);
  thumb    the nearest by L* thumbnails (16x24, zero mean, unit deviation, mean absolute
           difference: the library's kind of picking, without its shift search);
  cover    the best "coverage" by the network's own keys: the mean, over the query's cells,
           of the best cosine similarity to any of the photo's cells (both at 128x192), i.e.
           how well the attention would find every part of the query in the photo;
  cover3, thumb3   the best three of each, attended together.
Scored by RGB PSNR against the query's true colours. Prints one line per query and the means,
and how the coverage of the pick relates to what it gains over the automatic mode.

    /usr/bin/python3 models/train/recommend_eval.py \
        --library ../shared/data/train_photos --queries ../shared/data/dev_eval/photos
"""
import argparse
import glob
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import colour
from interp import Runner, read_safetensors

KEY_SIZE = (128, 192)     # where the keys of the coverage are computed
THUMB_SIZE = (16, 24)
SHORT_SIDE = 256          # the element's default network-size


class Model:
    def __init__(self, path):
        weights, meta = read_safetensors(path)
        self.weights = {k: np.array(v) for k, v in weights.items()}
        self.graph = json.loads(meta['graph'])
        self.runners = {}

    def runner(self, h, w, slots):
        if (h, w, slots) not in self.runners:
            self.runners[h, w, slots] = Runner(self.graph, self.weights, h, w, slots,
                                               dtype=torch.float32)
        return self.runners[h, w, slots]

    def encode(self, run, lab, slot):
        run.write('ref_L', lab[:1])
        run.write('ref_ab', lab[1:])
        run.run('source', slot=slot)

    def describe(self, path):
        """-> (keys: C x cells at KEY_SIZE, normalised L* thumbnail)."""
        lab, _ = load_lab(path, *KEY_SIZE)
        run = self.runner(*KEY_SIZE, 1)
        self.encode(run, lab, 0)
        cells = run.slot_hw[0] * run.slot_hw[1]
        thumb = F.adaptive_avg_pool2d(lab[None, :1], THUMB_SIZE)[0, 0]
        return (run.memory['key'][:, 1:1 + cells].clone(),
                (thumb - thumb.mean()) / (thumb.std() + 1e-6))

    def psnr(self, path, refs):
        """RGB PSNR of PATH colorized from its L* with REFS (paths) as references."""
        w0, h0 = Image.open(path).size
        scale = SHORT_SIDE / min(h0, w0)
        h, w = (max(32, round(s * scale / 32) * 32) for s in (h0, w0))
        lab, rgb = load_lab(path, h, w)
        run = self.runner(h, w, max(1, len(refs)))
        for slot, ref in enumerate(refs):
            self.encode(run, load_lab(ref, h, w)[0], slot)
        run.write('L', lab[:1])
        run.run('clean')
        run.run('frame', n_active=len(refs))
        out = colour.lab_to_rgb(torch.cat([lab[:1], run.read('ab')]).double()).clamp(0, 1)
        mse = float(((out * 255).round() - (rgb * 255).round()).pow(2).mean())
        return 10 * math.log10(255 ** 2 / max(mse, 1e-9))


def load_lab(path, h, w):
    """-> (L*a*b* 3 x H x W float32, sRGB 3 x H x W) of the picture stretched to W x H."""
    img = Image.open(path).convert('RGB').resize((w, h), Image.BILINEAR)
    rgb = torch.from_numpy(np.asarray(img, dtype=np.float64) / 255).permute(2, 0, 1)
    return colour.rgb_to_lab(rgb).float(), rgb


def pictures(folder):
    return sorted(p for p in glob.glob(os.path.join(folder, '*'))
                  if p.lower().endswith(('.jpg', '.jpeg', '.png')))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model', default=os.path.join(os.path.dirname(__file__), '..',
                                                   'vcolorize.safetensors'))
    p.add_argument('--library', required=True, help='folder of colour photos to pick from')
    p.add_argument('--queries', required=True, help='folder of colour photos to colorize')
    p.add_argument('--library-step', type=int, default=1, help='use every Nth library photo')
    args = p.parse_args()
    torch.set_grad_enabled(False)

    model = Model(args.model)
    library = pictures(args.library)[::args.library_step]
    keys, thumbs = (torch.stack(t) for t in zip(*(model.describe(q) for q in library)))
    rng = np.random.default_rng(0)
    methods = ('auto', 'random', 'thumb', 'cover', 'thumb3', 'cover3')
    scores, coverage = {m: [] for m in methods}, []
    for query in pictures(args.queries):
        qkeys, qthumb = model.describe(query)
        by_thumb = torch.argsort((thumbs - qthumb).abs().mean((1, 2)))
        cover = torch.einsum('cq,nck->nqk', qkeys, keys).amax(2).mean(1)
        by_cover = torch.argsort(cover, descending=True)
        picks = {'auto': [], 'random': [int(rng.integers(len(library)))],
                 'thumb': by_thumb[:1], 'cover': by_cover[:1],
                 'thumb3': by_thumb[:3], 'cover3': by_cover[:3]}
        row = {m: model.psnr(query, [library[int(i)] for i in picks[m]]) for m in methods}
        for m in methods:
            scores[m].append(row[m])
        coverage.append(float(cover[by_cover[0]]))
        print('%-40s %s | cover pick %s (%.3f)' % (
            os.path.basename(query)[:40], ' '.join('%s %.2f' % kv for kv in row.items()),
            os.path.basename(library[int(by_cover[0])]), coverage[-1]), flush=True)
    print('mean over %d queries, %d library photos: %s' % (
        len(coverage), len(library),
        ', '.join('%s %.2f dB' % (m, np.mean(v)) for m, v in scores.items())))
    gain = np.array(scores['cover']) - np.array(scores['auto'])
    coverage = np.array(coverage)
    print('correlation of the cover pick\'s coverage with its gain over auto: %.3f'
          % np.corrcoef(coverage, gain)[0, 1])
    for t in (0.93, 0.95, 0.97):
        sel = coverage >= t
        print('picking only at coverage >= %.2f: %d queries, their gain %+.2f dB, mean %.2f dB'
              % (t, sel.sum(), gain[sel].mean() if sel.any() else 0.0,
                 np.where(sel, scores['cover'], scores['auto']).mean()))


if __name__ == '__main__':
    main()
