"""Score a checkpoint on the dev clips (shared/data/dev_eval/video).

Protocol: frame 0 in colour is the reference; frames 1..N are colorized from their luminance
alone at the network resolution (short side 256, sides multiples of 32), ab is upsampled
bilinearly to full size and combined with the frame's own full-resolution L*. Scored on RGB
(8-bit) against the true frames: PSNR, SSIM, and the mean frame-to-frame |delta ab| (Lab
units) over all pixels and over still ones (|delta L*| < 2 in the truth); the truth's own
values are shown for comparison.

The model runs with the memory as at inference (the first colorized frame is the keyframe;
every later frame also sees the previous one) and without it. Two baselines calibrate:
'lum-bins' gives each pixel the reference's mean ab at its L* (32 bins) and 'copy' the
reference's ab at the same pixel.

--temporal-strength and --locality weigh the attention as the element's properties of those
names do (inference only; the network is trained with neither: strength 0.5, locality 0;
--locality -1 is the element's automatic locality, from thumbnails of L* as the element's but
box-averaged over all their pixels), and
--keep-reference pulls the model's full-resolution ab towards the reference's own where L* is
the reference's, as the element's property does (the `steady` op with the reference for the
previous frame; -1 automatic, from the pixel-for-pixel match of a grid of points as the
element's, and the memory weighed at --temporal-strength × (1 - strength kept) as the
element's; default 0, off, where the element's is -1), before --temporal-smoothing, which
filters the model's full-resolution ab over time as the element's property does (the engine's
`steady` op, src/net/vc-steady.h; with the memory only; default 0, off, where the element's
is 0.5).

    /usr/bin/python3 models/train/eval_dev.py models/train/runs/a/ckpt.pt
"""
import argparse
import glob
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import colour
from net import PATCH, PREV_CHANNELS, VColorNet, Weigh

METHODS = ('model', 'model-no-memory', 'lum-bins', 'copy')
LUM_BINS = 32
# the element's locality radii (src/engine/vc-colorizer.h), fractions of the short side
REFERENCE_RADIUS, MEMORY_RADIUS = 0.1875, 0.0625
STEADY_RADIUS, STEADY_SIGMA = 1, 2.0  # VC_STEADY_DEFAULT_RADIUS, _SIGMA (L* units)
# the automatic locality (VC_COLORIZER_AUTO_LOCALITY, _ALIGNED_TOLERANCE, _LOW, _HIGH) and
# the thumbnails' short side (VC_THUMBNAIL_SIZE)
AUTO_LOCALITY, ALIGNED_TOLERANCE, ALIGNED_LOW, ALIGNED_HIGH = 0.1, 3.0, 0.6, 0.9
THUMBNAIL_SIZE = 64
# keeping the reference's colours (VC_COLORIZER_KEEP_SIGMA, _STILL_TOLERANCE, _STILL_LOW,
# _STILL_HIGH) and the grid of points' short side (VC_THUMBNAIL_POINTS)
KEEP_SIGMA, STILL_TOLERANCE, STILL_LOW, STILL_HIGH = 6.0, 4.0, 0.75, 0.9
POINTS_SIZE = 128


def thumbnail(L):
    """L* (1, H, W) box-averaged to the element's thumbnail size (vc_thumbnail_size)."""
    h, w = L.shape[-2:]
    if min(h, w) > THUMBNAIL_SIZE:
        scale = THUMBNAIL_SIZE / min(h, w)
        size = tuple(max(1, int(side * scale + 0.5)) for side in (h, w))
        L = F.interpolate(L[None], size=size, mode='area')[0]
    return L


def auto_locality(L, ref_thumbnail):
    """The element's automatic locality of a frame of L* (1, H, W) (src/engine/colorizer.c)."""
    aligned = float(((thumbnail(L) - ref_thumbnail).abs() <= ALIGNED_TOLERANCE).float().mean())
    t = min(1.0, max(0.0, (aligned - ALIGNED_LOW) / (ALIGNED_HIGH - ALIGNED_LOW)))
    return round(AUTO_LOCALITY * t * 100) / 100


def box_centres(n, size):
    """The pixel at the centre of each of N boxes over SIZE pixels (vc-thumbnail's)."""
    centres = []
    for i in range(n):
        start = i * size // n
        end = max((i + 1) * size // n, start + 1)
        centres.append(start + (end - start) // 2)
    return torch.tensor(centres)


def points(L):
    """L* (1, H, W) at the element's grid of points (vc_thumbnail_points)."""
    h, w = L.shape[-2:]
    if min(h, w) <= POINTS_SIZE:
        return L
    scale = POINTS_SIZE / min(h, w)
    gh, gw = (max(1, int(side * scale + 0.5)) for side in (h, w))
    ys, xs = box_centres(gh, h).to(L.device), box_centres(gw, w).to(L.device)
    return L[:, ys][:, :, xs]


def auto_keep(L, ref_points):
    """The element's automatic keep-reference strength for a frame of L* (1, H, W)."""
    still = float(((points(L) - ref_points).abs() <= STILL_TOLERANCE).float().mean())
    t = min(1.0, max(0.0, (still - STILL_LOW) / (STILL_HIGH - STILL_LOW)))
    return round(t * 100) / 100


def keep(L, ab, ref_lab, strength):
    """The element's keep-reference: ab pulled towards the reference's where L* is its."""
    g = strength * torch.exp(-(L - ref_lab[:1]) ** 2 / (2 * KEEP_SIGMA ** 2))
    return ab + g * (ref_lab[1:] - ab)


def steady(L, ab, previous, strength):
    """The engine's steady op: ab pulled towards the previous output where L* is still.
    L (1, H, W) and ab (2, H, W) at full resolution; previous: (L, ab) of the frame before."""
    L_prev, ab_prev = previous
    k = 2 * STEADY_RADIUS + 1
    d = F.avg_pool2d(((L - L_prev) ** 2)[None], k, 1, STEADY_RADIUS,
                     count_include_pad=False)[0]  # the window clamped to the picture
    return ab + strength * torch.exp(-d / (2 * STEADY_SIGMA ** 2)) * (ab_prev - ab)


def load_rgb(path):
    return torch.from_numpy(np.asarray(Image.open(path).convert('RGB'), dtype=np.float32) / 255.0) \
        .permute(2, 0, 1)


def network_size(height, width, short_side):
    scale = short_side / min(height, width)
    return tuple(max(32, round(side * scale / 32) * 32) for side in (height, width))


def to_u8(rgb):
    return (rgb * 255.0 + 0.5).clamp(0, 255).to(torch.uint8)


def psnr(a, b):
    mse = (a.double() - b.double()).pow(2).mean()
    return float('inf') if mse == 0 else float(10 * torch.log10(255.0 ** 2 / mse))


def ssim(a, b):
    """Mean SSIM over RGB channels (11x11 gaussian window, sigma 1.5, 8-bit constants);
    float32 is ample for 8-bit values (the variance error is far below c2)."""
    x = torch.arange(11, dtype=torch.float64) - 5
    g = torch.exp(-x ** 2 / (2 * 1.5 ** 2))
    g = (g / g.sum()).tolist()
    a, b = a.float(), b.float()
    stack = torch.stack([a, b, a * a, b * b, a * b])
    h, w = stack.shape[-2:]
    stack = sum(g[i] * stack[..., i:w - 10 + i] for i in range(11))  # separable window:
    stack = sum(g[i] * stack[..., i:h - 10 + i, :] for i in range(11))  # rows, then columns
    ma, mb = stack[0], stack[1]
    va, vb, cov = stack[2] - ma ** 2, stack[3] - mb ** 2, stack[4] - ma * mb
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2))
    return float(s.mean())


def mean_change(ab, ab_before, where=None):
    """Mean |delta ab| (per channel), over all pixels or those where `where` is 1."""
    if where is None:
        return float((ab - ab_before).abs().mean())
    return float(((ab - ab_before).abs() * where).sum() / (2 * where.sum()).clamp(min=1))


def lum_bins_table(lab):
    """Mean ab of the reference per L* bin; empty bins take the nearest filled bin's value."""
    idx = (lab[0] / 100 * LUM_BINS).long().clamp(0, LUM_BINS - 1).flatten()
    counts = torch.bincount(idx, minlength=LUM_BINS).double()
    sums = torch.stack([torch.bincount(idx, weights=lab[c].flatten().double(), minlength=LUM_BINS)
                        for c in (1, 2)], 1)
    filled = torch.nonzero(counts).flatten()
    bins = torch.arange(LUM_BINS, device=lab.device)
    nearest = filled[(bins[:, None] - filled[None, :]).abs().argmin(1)]
    return (sums[nearest] / counts[nearest, None]).float()


class Colorizer:
    """The model's per-frame state as at inference: references, keyframe, previous frame."""

    def __init__(self, model, sources, memory, strength=0.5, locality=0.0):
        self.model, self.sources, self.use_memory = model, sources, memory
        self.memory, self.prev = [], None
        self.strength, self.locality = strength, locality

    def weigh(self, l, locality, kept=0.0):
        short = min(l.shape[-2:]) / PATCH  # the attention grid's short side
        # the element weighs the memory less as a reference's colours are kept
        s = min(max(self.strength * (1 - kept), 1e-6), 1 - 1e-6)
        return ([Weigh(0.0, locality, REFERENCE_RADIUS * short)] * len(self.sources)
                + [Weigh(math.log(s / (1 - s)), locality, MEMORY_RADIUS * short)]
                * len(self.memory))

    def __call__(self, l, auto=0.0, kept=0.0):
        """auto: the frame's automatic locality, used when self.locality < 0; kept: the
        frame's keep-reference strength."""
        prev = self.prev if self.prev is not None else \
            torch.zeros(1, PREV_CHANNELS, *l.shape[-2:], device=l.device)
        l = self.model.clean(l)
        locality = auto if self.locality < 0 else self.locality
        out = self.model(l, self.sources + self.memory, prev, self.weigh(l, locality, kept))
        if self.use_memory:
            entry = (out.key, self.model.value(out.fused, out.ab), None)
            self.memory = [self.memory[0], entry] if self.memory else [entry]
            self.prev = torch.cat([l, out.ab, torch.ones_like(l)], 1)
        return out.ab


def evaluate_clip(model, folder, args, device):
    paths = sorted(glob.glob(os.path.join(folder, '*.jpg')))
    if args.max_frames:
        paths = paths[:args.max_frames + 1]
    ref_lab = colour.rgb_to_lab(load_rgb(paths[0]).to(device))
    height, width = ref_lab.shape[-2:]
    size = network_size(height, width, args.short_side)

    def net_input(lab):
        small = F.interpolate(lab[None], size=size, mode='bilinear', align_corners=False,
                              antialias=True)
        return colour.lab_to_net(small)

    with torch.no_grad():
        ref_l, ref_ab = net_input(ref_lab)
        sources = [model.source(ref_l, ref_ab) + (None,)]
        weigh = dict(strength=args.temporal_strength, locality=args.locality)
        colorizers = {'model': Colorizer(model, sources, True, **weigh),
                      'model-no-memory': Colorizer(model, sources, False, **weigh)}
        table = lum_bins_table(ref_lab)
        ref_thumbnail = thumbnail(ref_lab[:1])
        ref_points = points(ref_lab[:1])
        scores = {m: {'psnr': [], 'ssim': [], 'dab': [], 'dab_still': []} for m in METHODS}
        truth_dab, previous = {'dab': [], 'dab_still': []}, {}
        shown = None  # the model's previous full-resolution (L*, ab), for --temporal-smoothing
        for index, path in enumerate(paths[1:], 1):
            truth_rgb = load_rgb(path).to(device)
            truth = colour.rgb_to_lab(truth_rgb)
            L = truth[:1]
            bins = (L[0] / 100 * LUM_BINS).long().clamp(0, LUM_BINS - 1)
            ab = {'lum-bins': table[bins].permute(2, 0, 1), 'copy': ref_lab[1:]}
            l, _ = net_input(truth)
            auto = auto_locality(L, ref_thumbnail) if args.locality < 0 else 0.0
            kept = (auto_keep(L, ref_points) if args.keep_reference < 0
                    else min(args.keep_reference, 1.0))
            for name, colorize in colorizers.items():
                small = colorize(l, auto, kept) * colour.AB_SCALE
                ab[name] = F.interpolate(small, size=(height, width), mode='bilinear',
                                         align_corners=False)[0]
                if kept > 0:
                    ab[name] = keep(L, ab[name], ref_lab, kept)
            if args.temporal_smoothing:
                if shown is not None:
                    ab['model'] = steady(L, ab['model'], shown, args.temporal_smoothing)
                shown = (L, ab['model'])
            still = None
            if 'truth' in previous:
                still = ((L - previous['truth'][:1]).abs() < 2.0).float()
                truth_dab['dab'].append(mean_change(truth[1:], previous['truth'][1:]))
                truth_dab['dab_still'].append(mean_change(truth[1:], previous['truth'][1:], still))
            target = to_u8(truth_rgb)
            for name in METHODS:
                rgb = to_u8(colour.lab_to_rgb(torch.cat([L, ab[name]])))
                scores[name]['psnr'].append(psnr(rgb, target))
                scores[name]['ssim'].append(ssim(rgb, target))
                if still is not None:
                    scores[name]['dab'].append(mean_change(ab[name], previous[name]))
                    scores[name]['dab_still'].append(mean_change(ab[name], previous[name], still))
                previous[name] = ab[name]
            previous['truth'] = truth
            if args.save and index == len(paths) // 2:
                tiles = [target] + [to_u8(colour.lab_to_rgb(torch.cat([L, ab[m]])))
                                    for m in METHODS]
                Image.fromarray(torch.cat(tiles, 2).permute(1, 2, 0).cpu().numpy()).save(
                    os.path.join(args.save, os.path.basename(folder) + '.png'))
    scores['truth'] = truth_dab
    result = {m: {k: float(np.mean(v)) if v else math.nan for k, v in s.items()}
              for m, s in scores.items()}
    return result, len(paths) - 1, size


def main():
    p = argparse.ArgumentParser(description='Score a checkpoint on the dev clips.')
    p.add_argument('checkpoint')
    p.add_argument('--clips', default='/work/shared/data/dev_eval/video')
    p.add_argument('--short-side', type=int, default=256, help='network resolution')
    p.add_argument('--max-frames', type=int, default=0, help='frames per clip (0: all)')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--tau', type=float, help="attention temperature (default: the checkpoint's)")
    p.add_argument('--temporal-strength', type=float, default=0.5,
                   help="the memory's weight against the references (the element's property; "
                        '0.5: as trained)')
    p.add_argument('--locality', type=float, default=0.0,
                   help="prefer nearer matches (the element's property; 0: off, -1: "
                        'automatic)')
    p.add_argument('--keep-reference', type=float, default=0.0,
                   help="the element's property: the model's ab pulled towards the "
                        "reference's where L* is its (0: off, -1: automatic)")
    p.add_argument('--temporal-smoothing', type=float, default=0.0,
                   help="the element's property: the model's ab (with memory) filtered over "
                        'time where L* is still (0: off)')
    p.add_argument('--save', help='folder for one side-by-side picture per clip: '
                                  'truth | ' + ' | '.join(METHODS))
    args = p.parse_args()
    device = torch.device(args.device)
    if args.save:
        os.makedirs(args.save, exist_ok=True)

    ckpt = torch.load(args.checkpoint, map_location='cpu')
    model = VColorNet(**ckpt['config'])
    model.load_state_dict(ckpt['model'])
    if args.tau:
        model.attention.set_temperature(args.tau)
    model.to(device).eval()
    print('checkpoint %s, step %d, tau %g' % (args.checkpoint, ckpt['step'],
                                               float(model.attention.log_tau.exp())))

    means = {m: [] for m in METHODS}
    above_baselines = True
    for folder in sorted(d for d in glob.glob(os.path.join(args.clips, '*')) if os.path.isdir(d)):
        result, frames, size = evaluate_clip(model, folder, args, device)
        print('\n%s: %d frames at %dx%d (the truth: |dab| %.3f, still %.3f)'
              % (os.path.basename(folder), frames, size[0], size[1], result['truth']['dab'],
                 result['truth']['dab_still']))
        print('  %-16s %8s %8s %8s %8s' % ('method', 'PSNR', 'SSIM', '|dab|', 'still'))
        for m in METHODS:
            r = result[m]
            print('  %-16s %8.2f %8.4f %8.3f %8.3f'
                  % (m, r['psnr'], r['ssim'], r['dab'], r['dab_still']))
            means[m].append(r['psnr'])
        above_baselines &= result['model']['psnr'] > max(result['lum-bins']['psnr'],
                                                         result['copy']['psnr'])
    print('\nmean PSNR over clips: '
          + ', '.join('%s %.2f' % (m, np.mean(v)) for m, v in means.items()))
    print('target (model mean >= 33.5 dB and above both baselines on every clip): %s'
          % ('met' if np.mean(means['model']) >= 33.5 and above_baselines else 'not met'))


if __name__ == '__main__':
    main()
