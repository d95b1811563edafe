"""Write the engine's parity fixtures (tests/data/parity-*.safetensors).

    /usr/bin/python3 models/train/make_fixtures.py [--checkpoint ckpt.pt]

parity-model.safetensors is the model file (export.py) of a checkpoint, or without one of a
fixed-seed VColorNet whose BatchNorm statistics and zero-initialised layers are perturbed so
that every layer matters. parity-fixtures.safetensors holds, in float32 at 64x96, a synthetic
reference (ref_L, ref_ab: L*, a*b*) and three frames (f<t>.L) of a pan over the same scene,
and what the graph computes from them (interp.py in float64 with the file's F16 weights):
f<t>.l (cleaned l), f<t>.ab and f<t>.warped (a*b*), f<t>.conf and f<t>.key. The sequence is
the inference protocol with one reference: source -> slot 0; frame 0 attends to slot 0 and
is kept as the keyframe (slot 1); frame 1 attends to slots 0-1 and is kept as the previous
frame (slot 2); frame 2 attends to slots 0-2; each frame after the first gets prev.
"""
import argparse
import json
import os

import numpy as np
import torch

import colour
import export
import graph as graphdef
import net as netdef
from interp import Runner, write_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', '..', 'tests', 'data'))
H, W = 64, 96
FRAMES = 3
PAN = (2, 3)  # pixels per frame (y, x)


def perturbed_model(seed=0):
    """A VColorNet in eval mode where BatchNorm statistics, the preprocessing and decoder
    outputs (both start at zero) and the null value are random, so that a wrong fold or a
    skipped layer shows."""
    torch.manual_seed(seed)
    model = netdef.VColorNet()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
        model.preproc.out.conv.weight.normal_(0, 0.05)
        model.preproc.out.conv.bias.normal_(0, 0.05)
        model.decoder.out.conv.weight.normal_(0, 0.05)
        model.decoder.out.conv.bias.normal_(0, 0.05)
        model.attention.null_value.normal_(0, 0.3)
    return model.eval()


def scene(gen, h, w):
    """A smooth colour picture (sRGB in [0, 1], 3 x h x w): gradients and ellipses."""
    y = torch.linspace(0, 1, h, dtype=torch.float64).view(h, 1).expand(h, w)
    x = torch.linspace(0, 1, w, dtype=torch.float64).view(1, w).expand(h, w)
    rgb = torch.stack([0.3 + 0.4 * x, 0.4 + 0.3 * y, 0.6 - 0.3 * x * y])
    for _ in range(6):
        cy, cx, ry, rx = torch.rand(4, generator=gen, dtype=torch.float64).tolist()
        colour_ = torch.rand(3, 1, 1, generator=gen, dtype=torch.float64)
        inside = ((y - cy) / (0.1 + 0.2 * ry)) ** 2 + ((x - cx) / (0.1 + 0.2 * rx)) ** 2 < 1
        rgb = torch.where(inside, colour_.expand(3, h, w), rgb)
    noise = 0.02 * torch.randn(3, h, w, generator=gen, dtype=torch.float64)
    return (rgb + noise).clamp(0, 1)


def main():
    p = argparse.ArgumentParser(description='Write the parity fixtures of the C engine.')
    p.add_argument('--checkpoint', help="train.py's ckpt.pt (default: a perturbed random init)")
    p.add_argument('--out', default=OUT)
    args = p.parse_args()
    if args.checkpoint:
        model, info = export.load_model(args.checkpoint)
    else:
        model, info = perturbed_model(), {'checkpoint': None, 'init': 'perturbed, seed 0'}
    os.makedirs(args.out, exist_ok=True)
    graph, weights = export.export(model, os.path.join(args.out, 'parity-model.safetensors'),
                                   info)

    gen = torch.Generator().manual_seed(1)
    big = colour.rgb_to_lab(scene(gen, H + PAN[0] * FRAMES, W + PAN[1] * FRAMES))
    ref = big[:, :H, :W]
    fixtures = {'ref_L': ref[:1], 'ref_ab': ref[1:]}
    run = Runner(graph, weights, H, W, n_slots=3)
    run.write('ref_L', ref[:1])
    run.write('ref_ab', ref[1:])
    run.run('source', slot=0)

    # net.py on the same inputs, fp32 weights: what the F16 file and the graph change.
    mod = model.double()
    l_ref, ab_ref = colour.lab_to_net(ref)
    sources = [mod.source(l_ref[None], ab_ref[None]) + (None,)]
    memory, prev = [], torch.zeros(1, netdef.PREV_CHANNELS, H, W, dtype=torch.float64)
    worst = 0.0
    for t in range(FRAMES):
        y, x = PAN[0] * (t + 1), PAN[1] * (t + 1)
        L = big[:1, y:y + H, x:x + W]
        fixtures['f%d.L' % t] = L
        run.write('L', L)
        run.run('clean')
        run.run('frame', n_active=1 + t)
        for name in ('l', 'ab', 'warped', 'conf', 'key'):
            fixtures['f%d.%s' % (t, name)] = run.read(name).clone()
        with torch.no_grad():
            l = mod.clean(colour.lab_to_net(L[None])[0])
            out = mod(l, sources + memory, prev)
        worst = max(worst, float((run.read('ab') / graphdef.AB_SCALE - out.ab[0]).abs().max()))
        if t < FRAMES - 1:
            run.run('memory', slot=1 + t)
            run.run('prev')
            entry = (out.key, mod.value(out.fused, out.ab), None)
            memory = [memory[0], entry] if memory else [entry]
            prev = torch.cat([l, out.ab, torch.ones_like(l)], 1)
    print('fixtures (F16 weights) vs net.py (fp32 weights): max |ab| difference %.1e (units '
          'of 110)' % worst)
    metadata = {'height': str(H), 'width': str(W), 'frames': str(FRAMES),
                'protocol': 'source -> slot 0; frame t attends to slots 0..t, then is kept in '
                            'slot t+1 and gives prev',
                'model': json.dumps(info, separators=(',', ':'))}
    path = os.path.join(args.out, 'parity-fixtures.safetensors')
    write_safetensors(path, {k: v.float().numpy() for k, v in fixtures.items()}, metadata)
    print('wrote %s (%.2f MiB)' % (path, os.path.getsize(path) / 2**20))


if __name__ == '__main__':
    main()
