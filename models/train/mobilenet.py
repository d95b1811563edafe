"""A frozen ImageNet MobileNetV2 trunk, as extra matching features (issue 3's nsfwjs option).

The npm package `nsfwjs` (MIT) ships Keras MobileNetV2 (alpha 1.0, ImageNet-initialised,
fine-tuned to 5 classes) as a tfjs layers model: its topology as a JavaScript object and its
weights as base64, uint8-quantised (v = min + scale * q). `fetch` turns version 4.3.0 into one
npz (git-ignored, models/train/data/mobilenet_v2.npz) with node:

    apt-get install -y npm            # npm and nodejs, to unpack the package
    /usr/bin/python3 models/train/mobilenet.py --fetch

`MobileNetTrunk` runs the Keras graph up to one layer in PyTorch, BatchNorm folded, frozen
(its tensors are buffers that are not saved in checkpoints). Input: the network's l, shown to
MobileNet as the grey sRGB picture of that lightness in [0, 1] (nsfwjs divides by 255).
`python3 mobilenet.py IMAGE...` prints the 5 class probabilities of the whole model, a check
that the weights and the graph are read right (an ordinary photo is 'Neutral').
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import colour

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_NPZ = os.path.join(HERE, 'data', 'mobilenet_v2.npz')
PACKAGE = 'nsfwjs@4.3.0'
CLASSES = ('Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy')

# node prints the model's JSON on stdout and writes the raw weight bytes to argv[2]
_DUMP_JS = '''
const fs = require("fs"), dir = process.argv[1];
const model = require(dir + "/model.min.js");
const shards = model.weightsManifest[0].paths.map(p => require(dir + "/" + p + ".min.js"));
fs.writeFileSync(process.argv[2], Buffer.concat(shards.map(s => Buffer.from(s, "base64"))));
process.stdout.write(JSON.stringify(model));
'''


def fetch(out):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['npm', 'pack', '--silent', PACKAGE], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = [f for f in os.listdir(tmp) if f.endswith('.tgz')][0]
        subprocess.run(['tar', 'xzf', tgz], cwd=tmp, check=True)
        models = os.path.join(tmp, 'package', 'dist', 'models', 'mobilenet_v2')
        raw_path = os.path.join(tmp, 'weights.bin')
        model = json.loads(subprocess.run(['node', '-e', _DUMP_JS, models, raw_path], check=True,
                                          stdout=subprocess.PIPE).stdout)
        raw = open(raw_path, 'rb').read()
    arrays, offset = {}, 0
    for group in model['weightsManifest']:
        for w in group['weights']:
            n = int(np.prod(w['shape']))
            q = w.get('quantization')
            if q:
                if q['dtype'] != 'uint8':
                    raise ValueError('unexpected quantisation %s' % q['dtype'])
                a = np.frombuffer(raw, np.uint8, n, offset).astype(np.float32) * q['scale'] \
                    + q['min']
                offset += n
            else:
                a = np.frombuffer(raw, np.float32, n, offset).copy()
                offset += 4 * n
            arrays['w/' + w['name']] = a.reshape(w['shape'])
    if offset != len(raw):
        raise ValueError('weights: %d bytes read of %d' % (offset, len(raw)))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    np.savez(out, topology=np.array(json.dumps(model['modelTopology'])), **arrays)
    print('wrote %s (%d tensors, %s)' % (out, len(arrays), PACKAGE))


class MobileNetTrunk(nn.Module):
    """Keras MobileNetV2 of nsfwjs up to (and including) layer `last`, frozen."""

    def __init__(self, last='block_6_expand_relu', path=DEFAULT_NPZ):
        super().__init__()
        if not os.path.exists(path):
            raise FileNotFoundError('%s: run `python3 models/train/mobilenet.py --fetch`' % path)
        npz = np.load(path)
        layers = json.loads(str(npz['topology']))['model_config']['config']['layers']
        self.steps = []  # (kind, name, inputs, options)
        weights = {}
        names = [l['config']['name'] for l in layers]
        if last not in names:
            raise ValueError('no layer %r in MobileNetV2' % last)
        for layer in layers:
            c, kind = layer['config'], layer['class_name']
            name = c['name']
            inputs = [i[0] for i in layer['inbound_nodes'][0]] if layer['inbound_nodes'] else []
            if kind == 'BatchNormalization':  # folded into the conv before it
                conv = inputs[0]
                g, b = npz['w/%s/gamma' % name], npz['w/%s/beta' % name]
                m, v = npz['w/%s/moving_mean' % name], npz['w/%s/moving_variance' % name]
                s = g / np.sqrt(v + c['epsilon'])
                weights[conv + '.w'] = weights[conv + '.w'] * s.reshape(-1, 1, 1, 1)
                weights[conv + '.b'] = b - m * s
                self.steps.append(('alias', name, inputs, {}))
            elif kind in ('Conv2D', 'DepthwiseConv2D'):
                if kind == 'Conv2D':
                    k = npz['w/%s/kernel' % name].transpose(3, 2, 0, 1)
                else:
                    k = npz['w/%s/depthwise_kernel' % name].transpose(2, 3, 0, 1)
                weights[name + '.w'] = k
                weights[name + '.b'] = np.zeros(k.shape[0], np.float32)
                self.steps.append(('conv', name, inputs, {
                    'stride': c['strides'][0], 'same': c['padding'] == 'same',
                    'groups': k.shape[0] if kind == 'DepthwiseConv2D' else 1}))
            elif kind in ('InputLayer', 'ZeroPadding2D', 'ReLU', 'Add', 'AveragePooling2D',
                          'Flatten', 'Dense', 'Dropout'):
                if kind == 'Dense':
                    weights[name + '.w'] = npz['w/%s/kernel' % name]
                    weights[name + '.b'] = npz['w/%s/bias' % name]
                self.steps.append((kind, name, inputs, c))
            else:
                raise ValueError('layer %s: unsupported %s' % (name, kind))
            if name == last:
                break
        self.last = last
        self._names = {}
        for key, value in weights.items():
            buffer = 'b%d' % len(self._names)
            self._names[key] = buffer
            self.register_buffer(buffer, torch.from_numpy(np.ascontiguousarray(value,
                                                                               np.float32)),
                                 persistent=False)
        self.channels = self._w(self._conv_before(last) + '.w').shape[0]  # of a conv's output
        self.requires_grad_(False)

    def _conv_before(self, name):
        steps = {s[1]: s for s in self.steps}
        while steps[name][0] != 'conv':
            name = steps[name][2][0]
        return name

    def _w(self, key):
        return getattr(self, self._names[key])

    @staticmethod
    def grey(l):
        """The network's l (B, 1, H, W) -> the grey sRGB picture of that L* (B, 3, H, W)."""
        lstar = (l.float() + 1.0) * 50.0
        lab = torch.cat([lstar, torch.zeros_like(lstar), torch.zeros_like(lstar)], 1)
        return colour.lab_to_rgb(lab)

    def forward(self, l, rgb=None):
        x = self.grey(l) if rgb is None else rgb
        values = {}
        for kind, name, inputs, c in self.steps:
            y = values[inputs[0]] if inputs else x
            if kind == 'conv':
                pad = self._w(name + '.w').shape[-1] // 2 if c['same'] else 0
                y = F.conv2d(y, self._w(name + '.w'), self._w(name + '.b'), c['stride'], pad,
                             groups=c['groups'])
            elif kind == 'ZeroPadding2D':
                (top, bottom), (left, right) = c['padding']
                y = F.pad(y, (left, right, top, bottom))
            elif kind == 'ReLU':
                y = y.clamp(0.0, c.get('max_value') or float('inf'))
            elif kind == 'Add':
                y = values[inputs[0]] + values[inputs[1]]
            elif kind == 'AveragePooling2D':
                y = F.avg_pool2d(y, c['pool_size'], c['strides'])
            elif kind == 'Flatten':
                y = y.permute(0, 2, 3, 1).flatten(1)  # Keras is channels-last
            elif kind == 'Dense':
                y = y @ self._w(name + '.w') + self._w(name + '.b')
                y = y.softmax(1) if c['activation'] == 'softmax' else \
                    y.clamp(min=0) if c['activation'] == 'relu' else y
            values[name] = y  # InputLayer, Dropout, alias (folded BN): unchanged
        return values[self.last]


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--fetch', action='store_true', help='npm pack %s -> --npz' % PACKAGE)
    p.add_argument('--npz', default=DEFAULT_NPZ)
    p.add_argument('images', nargs='*', help='print their class probabilities')
    args = p.parse_args()
    if args.fetch:
        fetch(args.npz)
    if args.images:
        from PIL import Image
        net = MobileNetTrunk('dense_3', args.npz)
        for path in args.images:
            im = Image.open(path).convert('RGB').resize((224, 224), Image.BILINEAR)
            x = torch.from_numpy(np.asarray(im, np.float32) / 255.0).permute(2, 0, 1)[None]
            with torch.no_grad():
                probs = net(None, rgb=x)[0]
            print('%s: %s' % (path, ' '.join('%s %.3f' % kv for kv in zip(CLASSES, probs))))


if __name__ == '__main__':
    sys.exit(main())
