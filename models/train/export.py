"""Export a training checkpoint to a model file (models/FORMAT.md).

    /usr/bin/python3 models/train/export.py models/train/runs/a/ckpt.pt models/vcolorize.safetensors

Builds the graph (graph.py), checks in float64 that the graph, run by interp.py on the exact
(fp32) weights, reproduces net.py's VColorNet over a three-frame sequence with two references,
the keyframe and the previous frame (sources, frames, memory and prev); then stores the weights
as F16 and reports what that rounding changes.
"""
import argparse
import json
import os

import numpy as np
import torch

import graph as graphdef
import net as netdef
from interp import Runner, write_safetensors

FORMAT_VERSION = '1'
# float64 throughout, but net.py's attention computes in fp32 (similarities to ~1e-7)
CHECK_TOLERANCE = 1e-5


def load_model(path, tau=None):
    """-> (VColorNet in eval mode, training info dict) from a train.py checkpoint; TAU: the
    attention temperature to use instead of the checkpoint's."""
    ckpt = torch.load(path, map_location='cpu')
    if ckpt.get('config', {}).get('mobilenet'):
        raise SystemExit('%s: trained with --mobilenet, which the engine cannot run (its '
                         'depthwise convolutions and ReLU6 are not engine ops)' % path)
    model = netdef.VColorNet(**ckpt.get('config', {}))
    model.load_state_dict(ckpt['model'])
    info = {'checkpoint': os.path.basename(path), 'step': ckpt.get('step')}
    if tau:
        info['trained_tau'] = float(model.attention.log_tau.exp())
        model.attention.set_temperature(tau)
    info['tau'] = float(model.attention.log_tau.exp())
    info.update({k: ckpt['args'][k] for k in ('crop', 'batch', 'frames', 'refs', 'lr',
                                              'total_steps') if k in ckpt.get('args', {})})
    return model.eval(), info


def smooth_noise(gen, c, h, w, lo, hi, cells=4):
    """Random smooth images in [lo, hi): bilinear upsampling of a coarse random grid."""
    coarse = torch.rand(1, c, cells, cells, generator=gen, dtype=torch.float64)
    x = torch.nn.functional.interpolate(coarse, size=(h, w), mode='bilinear',
                                        align_corners=False)[0]
    fine = torch.rand(c, h, w, generator=gen, dtype=torch.float64)
    return lo + (hi - lo) * (0.8 * x + 0.2 * fine)


def reference_run(model, graph, weights, h, w, refs=2, frames=3, seed=0):
    """Runs net.py and the graph side by side (float64); -> {output: max |difference|}."""
    gen = torch.Generator().manual_seed(seed)
    model = model.double()
    run = Runner(graph, weights, h, w, refs + 2)
    errors = {}

    def compare(what, got, want):
        errors[what] = max(errors.get(what, 0.0), float((got - want).abs().max()))

    with torch.no_grad():
        sources = []
        for r in range(refs):
            l = smooth_noise(gen, 1, h, w, -1, 1)
            ab = smooth_noise(gen, 2, h, w, -0.6, 0.6)
            key, value = model.source(l[None], ab[None])
            sources.append((key, value, None))
            run.write('ref_L', (l + 1) * 50)
            run.write('ref_ab', ab * graphdef.AB_SCALE)
            run.run('source', slot=r)
            n = key[0, 0].numel()
            compare('source key', run.memory['key'][:, 1 + r * n:1 + (r + 1) * n],
                    key[0].flatten(1))
            compare('source value', run.memory['value'][:, 1 + r * n:1 + (r + 1) * n],
                    value[0].flatten(1))
        memory, prev = [], torch.zeros(1, netdef.PREV_CHANNELS, h, w, dtype=torch.float64)
        for t in range(frames):
            l_in = smooth_noise(gen, 1, h, w, -1, 1)
            l = model.clean(l_in[None])
            out = model(l, sources + memory, prev)
            run.write('L', (l_in + 1) * 50)
            run.run('clean')
            run.run('frame', n_active=refs + len(memory))
            compare('clean l', run.read('l'), l[0])
            compare('ab', run.read('ab') / graphdef.AB_SCALE, out.ab[0])
            compare('conf', run.read('conf'), out.conf[0])
            compare('warped', run.read('warped') / graphdef.AB_SCALE, out.warped[0])
            compare('key', run.read('key'), out.key[0])
            entry = (out.key, model.value(out.fused, out.ab), None)
            run.run('memory', slot=refs + len(memory[:1]))
            memory = [memory[0], entry] if memory else [entry]
            prev = torch.cat([l, out.ab, torch.ones_like(l)], 1)
            run.run('prev')
            compare('prev', run.read('prev'), prev[0])
    model.float()
    return errors


def export(model, path, info, check_size=(96, 160)):
    """Checks the graph against MODEL and writes the model file; -> (graph, F16 weights)."""
    graph, weights = graphdef.build(model)
    errors = reference_run(model, graph, weights, *check_size)
    print('graph vs net.py (float64, fp32 weights), max |difference|:',
          ', '.join('%s %.1e' % kv for kv in errors.items()))
    bad = {k: v for k, v in errors.items() if not v <= CHECK_TOLERANCE}
    assert not bad, 'the graph does not reproduce net.py: %s' % bad
    half = {k: v.astype(np.float16) for k, v in weights.items()}
    errors = reference_run(model, graph, half, *check_size)
    print('with F16 weights: ' + ', '.join('%s %.1e' % kv for kv in errors.items()))
    metadata = {
        'format': 'vcolorize',
        'version': FORMAT_VERSION,
        'graph': json.dumps(graph, separators=(',', ':')),
        'units': 'L* in 0..100 and a*, b* in CIE Lab units at the interface; inside, '
                 'l = L*/50 - 1 and ab = (a*, b*)/110',
        'resolution': '256x448',  # the default network resolution (height x width)
        'parameters': str(sum(p.numel() for p in model.parameters())),
        'preproc': 'true' if model.preproc is not None else 'false',
        'training': json.dumps(info, separators=(',', ':')),
    }
    write_safetensors(path, half, metadata)
    print('wrote %s (%d tensors, %.2f MiB)' % (path, len(half), os.path.getsize(path) / 2**20))
    return graph, half


def main():
    p = argparse.ArgumentParser(description='Export a checkpoint to a vcolorize model file.')
    p.add_argument('checkpoint', help="train.py's ckpt.pt")
    p.add_argument('output', help='models/<name>.safetensors')
    p.add_argument('--tau', type=float, help="attention temperature (default: the checkpoint's)")
    args = p.parse_args()
    model, info = load_model(args.checkpoint, args.tau)
    export(model, args.output, info)


if __name__ == '__main__':
    main()
