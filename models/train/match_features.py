"""How well do features match a frame's cells to the reference's? A diagnostic of the attention.

For each dev clip, frame 0 is the reference and a few later frames are matched to it at the
attention's grid (1/8 of the network resolution): each frame cell takes the softmax-weighted
(temperature tau) mean a*b* of the reference's cells, compared with the truth's mean a*b* of
that cell (squared error in Lab units, mean over cells and frames). Rows: the checkpoint's own
keys, and, with --mobilenet, layers of the frozen MobileNetV2 of mobilenet.py (bilinearly
resized to the grid) alone and concatenated with the keys. 'copy' is the reference's cell at
the same place, 'oracle' the best single reference cell: the floor of any matching.

    /usr/bin/python3 models/train/match_features.py CKPT --mobilenet block_6_expand_relu,block_13_expand_relu
"""
import argparse
import glob
import os

import numpy as np
import torch
import torch.nn.functional as F

import colour
from eval_dev import load_rgb, network_size
from net import VColorNet

TAUS = (0.005, 0.01, 0.02, 0.05)


def features(model, trunks, lab):
    """-> {name: L2-normalised (C, h, w) at 1/8} of one picture (L*a*b* at network size)."""
    l = colour.lab_to_net(lab[None])[0]
    l = model.clean(l)
    fused, _ = model.encoder(l)
    out = {'keys': model.key(fused, l)[0]}
    size = out['keys'].shape[-2:]
    for name, trunk in trunks.items():
        f = trunk(l)
        if f.shape[-2:] != size:
            f = F.interpolate(f, size=size, mode='bilinear', align_corners=False,
                              antialias=f.shape[-1] > size[1])
        f = F.normalize(f[0], dim=0)
        out[name] = f
        out['keys + ' + name] = F.normalize(torch.cat([out['keys'], f]), dim=0)
    return out


def cell_ab(lab):
    return F.avg_pool2d(lab[None, 1:], 8)[0].flatten(1)  # (2, cells)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoint')
    p.add_argument('--clips', default='/work/shared/data/dev_eval/video')
    p.add_argument('--frames', default='1,5,10,20,40', help='frames matched to frame 0')
    p.add_argument('--short-side', type=int, default=256)
    p.add_argument('--mobilenet', default='', help='comma-separated MobileNetV2 layers')
    args = p.parse_args()
    ckpt = torch.load(args.checkpoint, map_location='cpu')
    model = VColorNet(**ckpt['config'])
    model.load_state_dict(ckpt['model'])
    model.eval()
    trunks = {}
    if args.mobilenet:
        from mobilenet import MobileNetTrunk
        trunks = {name: MobileNetTrunk(name) for name in args.mobilenet.split(',')}
    frames = [int(f) for f in args.frames.split(',')]
    with torch.no_grad():
        for folder in sorted(d for d in glob.glob(os.path.join(args.clips, '*'))
                             if os.path.isdir(d)):
            paths = sorted(glob.glob(os.path.join(folder, '*.jpg')))
            ref = colour.rgb_to_lab(load_rgb(paths[0]))
            size = network_size(*ref.shape[-2:], args.short_side)

            def small(lab):
                return F.interpolate(lab[None], size=size, mode='bilinear',
                                     align_corners=False, antialias=True)[0]
            ref = small(ref)
            ref_feats, ref_ab = features(model, trunks, ref), cell_ab(ref)
            errors = {}
            for index in (f for f in frames if f < len(paths)):
                lab = small(colour.rgb_to_lab(load_rgb(paths[index])))
                feats, ab = features(model, trunks, lab), cell_ab(lab)
                errors.setdefault('copy', []).append(float((ref_ab - ab).pow(2).sum(0).mean()))
                errors.setdefault('oracle', []).append(
                    float(torch.cdist(ab.T, ref_ab.T).pow(2).min(1).values.mean()))
                for name, f in feats.items():
                    s = f.flatten(1).T @ ref_feats[name].flatten(1)
                    for tau in TAUS:
                        warped = torch.softmax(s / tau, 1) @ ref_ab.T
                        errors.setdefault((name, tau), []).append(
                            float((warped.T - ab).pow(2).sum(0).mean()))
            print('\n%s: copy %.1f, oracle %.1f; matched (tau %s):' % (
                os.path.basename(folder), np.mean(errors['copy']), np.mean(errors['oracle']),
                ' / '.join('%g' % t for t in TAUS)))
            for name in feats:
                print('  %-40s %s' % (name, ' '.join('%7.1f' % np.mean(errors[(name, t)])
                                                      for t in TAUS)))


if __name__ == '__main__':
    main()
